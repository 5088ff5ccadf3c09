package filegate.provider;

import static filegate.provider.ProviderProfile.EXPIRES_AFTER_ANCHOR;
import static filegate.provider.ProviderProfile.EXPIRES_AFTER_SECONDS;
import static filegate.provider.ProviderProfile.PURPOSE;

/**
 * {@code POST {base}/v1/files} on a customer-specific base URL; OpenAI's purposes and
 * {@code expires_after}; the documented security is none, so a key is sent only when configured.
 */
final class ImpalaProfile {
    static final ProviderProfile PROFILE = ProviderProfile.builder("impala")
            .uploadPath("/v1/files")
            .formFields(PURPOSE, EXPIRES_AFTER_ANCHOR, EXPIRES_AFTER_SECONDS)
            .purposes("assistants", "assistants", "batch", "batch", "fine-tune", "fine-tune", "vision", "vision",
                    "user_data", "user_data", "evals", "evals")
            .list("/v1/files", true)
            .checks(OpenAiProfile.CHECKS)
            .processingStatus(ProcessingStatus.OPENAI_STATUS)
            .build();

    private ImpalaProfile() {
    }
}
