package filegate.provider;

import java.util.Set;

import filegate.validate.Checks;

import static filegate.provider.ProviderProfile.EXPIRES_AFTER_ANCHOR;
import static filegate.provider.ProviderProfile.EXPIRES_AFTER_SECONDS;
import static filegate.provider.ProviderProfile.PURPOSE;

/**
 * {@code POST /v1/files}: 512 MB per file; fine-tune and batch .jsonl only, batch at most 200 MB.
 * Larger files go through the Uploads API ({@code /v1/uploads}), which takes up to 8 GB.
 */
final class OpenAiProfile {
    private static final long MB = 1_000_000L;
    static final long GB = 1_000_000_000L;

    /** The batch endpoints a line of an OpenAI batch file may name. */
    static final Set<String> BATCH_ENDPOINTS = Set.of("/v1/responses", "/v1/chat/completions",
            "/v1/embeddings", "/v1/completions", "/v1/moderations", "/v1/images/generations", "/v1/images/edits",
            "/v1/videos");

    /** OpenAI's rules, also what impala and compatible servers get: .jsonl for fine-tune and batch. */
    static final Checks CHECKS = Checks.builder("OpenAI")
            .onlyTypes("fine-tune", "jsonl").onlyTypes("batch", "jsonl")
            .strictChatFineTune("fine-tune")
            .batchLines("batch", BATCH_ENDPOINTS, Integer.MAX_VALUE, 50_000)
            .build();

    static final ProviderProfile PROFILE = ProviderProfile.builder("openai")
            .baseUrl("https://api.openai.com/v1")
            .apiKey("OPENAI_API_KEY", true)
            .formFields(PURPOSE, EXPIRES_AFTER_ANCHOR, EXPIRES_AFTER_SECONDS)
            .purposes("assistants", "assistants", "batch", "batch", "fine-tune", "fine-tune", "vision", "vision",
                    "user_data", "user_data", "evals", "evals")
            .fileTypes("fine-tune", "jsonl")
            .fileTypes("batch", "jsonl")
            .maxBytes(512 * MB)
            .maxBytes("batch", 200 * MB)
            .list("/files", true)
            .uploadsApi("/uploads", true, 8 * GB)
            .checks(CHECKS)
            .processingStatus(ProcessingStatus.OPENAI_STATUS)
            .build();

    private OpenAiProfile() {
    }
}
