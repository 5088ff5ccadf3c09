package filegate.provider;

/**
 * Any server speaking OpenAI's Files API (Azure OpenAI, LiteLLM, LocalAI, ...): OpenAI's form and
 * rules, no default URL or key, and 201 accepted beside 200 because Azure answers 201 Created.
 * Path, auth header, query, success codes and size limit are set per instance. Few such servers have
 * OpenAI's Uploads API, so an instance switches it on with {@code uploads-api = true}.
 */
final class OpenAiCompatibleProfile {
    static final ProviderProfile PROFILE = OpenAiProfile.PROFILE.toBuilder("openai-compatible")
            .baseUrl(null)
            .apiKey(null, false)
            .successCodes(200, 201)
            .uploadsApi("/uploads", false, 8 * OpenAiProfile.GB)
            .processingStatus(ProcessingStatus.OPENAI_STATUS)
            .build();

    private OpenAiCompatibleProfile() {
    }
}
