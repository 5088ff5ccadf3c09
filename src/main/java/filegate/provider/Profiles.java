package filegate.provider;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static filegate.provider.ProviderProfile.ANY_PURPOSE;
import static filegate.provider.ProviderProfile.EXPIRES_AFTER_ANCHOR;
import static filegate.provider.ProviderProfile.EXPIRES_AFTER_SECONDS;
import static filegate.provider.ProviderProfile.FILE_NAME;
import static filegate.provider.ProviderProfile.FILE_TYPE;
import static filegate.provider.ProviderProfile.OPENAI_FILE;
import static filegate.provider.ProviderProfile.PURPOSE;

import filegate.validate.Checks;

/**
 * The built-in provider profiles, by type name. Each states only what its provider documents; the
 * sources are the provider pages Filegate was started from (OpenAPI fragments of each upload call).
 */
public final class Profiles {
    private static final long MB = 1_000_000L;
    private static final long GIB = 1L << 30;
    private static final long GB = 1_000_000_000L;

    /**
     * {@code POST /v1/files}: 512 MB per file; fine-tune and batch .jsonl only, batch at most 200 MB.
     * Larger files go through the Uploads API ({@code /v1/uploads}), which takes up to 8 GB.
     */
    /** The batch endpoints a line of an OpenAI batch file may name. */
    static final Set<String> OPENAI_BATCH_ENDPOINTS = Set.of("/v1/responses", "/v1/chat/completions",
            "/v1/embeddings", "/v1/completions", "/v1/moderations", "/v1/images/generations", "/v1/images/edits",
            "/v1/videos");

    /** OpenAI's rules, also what impala and compatible servers get: .jsonl for fine-tune and batch. */
    static final Checks OPENAI_CHECKS = Checks.builder("OpenAI")
            .onlyTypes("fine-tune", "jsonl").onlyTypes("batch", "jsonl")
            .strictChatFineTune("fine-tune")
            .batchLines("batch", OPENAI_BATCH_ENDPOINTS, Integer.MAX_VALUE)
            .build();

    public static final ProviderProfile OPENAI = ProviderProfile.builder("openai")
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
            .checks(OPENAI_CHECKS)
            .build();

    /**
     * {@code POST /v1/files/upload} with {@code file_name} and {@code file_type}; purposes
     * fine-tune, eval, batch-api. Per-purpose types follow Together's own client check (CSV only for
     * eval, Parquet never for eval); batch input is JSONL of at most 100 MB; 50.1 GiB is the SDK's
     * ceiling for any file. Its file object adds {@code FileType} and {@code Processed}.
     */
    public static final ProviderProfile TOGETHER = ProviderProfile.builder("together")
            .baseUrl("https://api.together.ai/v1")
            .apiKey("TOGETHER_API_KEY", true)
            .uploadPath("/files/upload")
            .formFields(PURPOSE, FILE_NAME, FILE_TYPE)
            .purposes("fine-tune", "fine-tune", "evals", "eval", "batch", "batch-api")
            .fileTypes("fine-tune", "jsonl", "parquet")
            .fileTypes("evals", "jsonl", "csv")
            .fileTypes("batch", "jsonl")
            .maxBytes((long) (50.1 * GIB))
            .maxBytes("batch", 100 * MB)
            .list("/files", false)
            .recordReader(n -> {
                FileRecord r = OPENAI_FILE.read(n);
                return new FileRecord(r.id(), r.bytes(), r.createdAt(), r.filename(), r.purpose(), r.status(),
                        r.expiresAt(), FileObjects.bool(n, "Processed"), FileObjects.text(n, "FileType"));
            })
            .checks(Checks.builder("Together")
                    .onlyTypes("fine-tune", "jsonl", "parquet").onlyTypes("evals", "jsonl", "csv")
                    .onlyTypes("batch", "jsonl")
                    .multiFormatFineTune("fine-tune")
                    .batchLines("batch", null, 64)
                    .csvTables()
                    .tokenizedParquet("input_ids", "attention_mask", "labels")
                    .build())
            .build();

    /** {@code POST /v1/files}: purpose must be fine-tune; text or docx files. No size limit is documented. */
    public static final ProviderProfile VAERO = ProviderProfile.builder("vaero")
            .baseUrl("https://vaeroapi.com/v1")
            .apiKey("VAERO_API_KEY", true)
            .purposes("fine-tune", "fine-tune")
            .fileTypes(ANY_PURPOSE, "txt", "docx")
            .list("/files", false)
            .checks(Checks.builder("Vaero").onlyPurposes("fine-tune").onlyTypes("fine-tune", "txt", "docx")
                    .plainText().build())
            .build();

    /**
     * {@code POST {base}/v1/files} on a customer-specific base URL; OpenAI's purposes and
     * {@code expires_after}; the documented security is none, so a key is sent only when configured.
     */
    public static final ProviderProfile IMPALA = ProviderProfile.builder("impala")
            .uploadPath("/v1/files")
            .formFields(PURPOSE, EXPIRES_AFTER_ANCHOR, EXPIRES_AFTER_SECONDS)
            .purposes("assistants", "assistants", "batch", "batch", "fine-tune", "fine-tune", "vision", "vision",
                    "user_data", "user_data", "evals", "evals")
            .list("/v1/files", true)
            .checks(OPENAI_CHECKS)
            .build();

    /**
     * Any server speaking OpenAI's Files API (Azure OpenAI, LiteLLM, LocalAI, ...): OpenAI's form and
     * rules, no default URL or key, and 201 accepted beside 200 because Azure answers 201 Created.
     * Path, auth header, query, success codes and size limit are set per instance. Few such servers have
     * OpenAI's Uploads API, so an instance switches it on with {@code uploads-api = true}.
     */
    public static final ProviderProfile OPENAI_COMPATIBLE = OPENAI.toBuilder("openai-compatible")
            .baseUrl(null)
            .apiKey(null, false)
            .successCodes(200, 201)
            .uploadsApi("/uploads", false, 8 * GB)
            .build();

    /** Every built-in type; a new provider is one profile (its own class) and one line here. */
    private static final Map<String, ProviderProfile> BY_TYPE = new TreeMap<>(Map.of(
            OPENAI.type, OPENAI, TOGETHER.type, TOGETHER, VAERO.type, VAERO, IMPALA.type, IMPALA,
            OPENAI_COMPATIBLE.type, OPENAI_COMPATIBLE,
            AnthropicProfile.PROFILE.type, AnthropicProfile.PROFILE,
            MistralProfile.PROFILE.type, MistralProfile.PROFILE));

    private Profiles() {
    }

    public static Optional<ProviderProfile> byType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    /** Type names, sorted. */
    public static Set<String> types() {
        return BY_TYPE.keySet();
    }
}
