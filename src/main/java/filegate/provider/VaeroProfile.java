package filegate.provider;

import filegate.validate.Checks;

import static filegate.provider.ProviderProfile.ANY_PURPOSE;

/** {@code POST /v1/files}: purpose must be fine-tune; text or docx files. No size limit is documented. */
final class VaeroProfile {
    static final ProviderProfile PROFILE = ProviderProfile.builder("vaero")
            .baseUrl("https://vaeroapi.com/v1")
            .apiKey("VAERO_API_KEY", true)
            .purposes("fine-tune", "fine-tune")
            .fileTypes(ANY_PURPOSE, "txt", "docx")
            .list("/files", false)
            .checks(Checks.builder("Vaero").onlyPurposes("fine-tune").onlyTypes("fine-tune", "txt", "docx")
                    .plainText().build())
            .build();

    private VaeroProfile() {
    }
}
