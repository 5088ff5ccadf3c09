package filegate.provider;

import filegate.validate.Checks;

import static filegate.provider.ProviderProfile.FILE_NAME;
import static filegate.provider.ProviderProfile.FILE_TYPE;
import static filegate.provider.ProviderProfile.OPENAI_FILE;
import static filegate.provider.ProviderProfile.PURPOSE;

/**
 * {@code POST /v1/files/upload} with {@code file_name} and {@code file_type}; purposes
 * fine-tune, eval, batch-api. Per-purpose types follow Together's own client check (CSV only for
 * eval, Parquet never for eval); batch input is JSONL of at most 100 MB; 50.1 GiB is the SDK's
 * ceiling for any file. Its file object adds {@code FileType} and {@code Processed}.
 */
final class TogetherProfile {
    private static final long MB = 1_000_000L;
    private static final long GIB = 1L << 30;

    static final ProviderProfile PROFILE = ProviderProfile.builder("together")
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
                    .batchLines("batch", null, 64, 50_000)
                    .csvTables()
                    .tokenizedParquet("input_ids", "attention_mask", "labels")
                    .build())
            .processingStatus(ProcessingStatus.TOGETHER_PROCESSED)
            .build();

    private TogetherProfile() {
    }
}
