package filegate.provider;

import filegate.validate.Checks;

import static filegate.provider.ProviderProfile.PURPOSE;

/**
 * Mistral's Files API, everything Filegate knows of it. Checked against Mistral's API reference (Files:
 * upload, list, retrieve, delete) and the mistralai Python client's {@code files} resource:
 * <ul>
 *   <li>{@code POST /v1/files}, {@code Authorization: Bearer <key>}, multipart {@code purpose} then {@code file};
 *       purposes {@code fine-tune}, {@code batch}, {@code ocr};</li>
 *   <li>answer {@code {id, object:"file", bytes, created_at (Unix s), filename, purpose, sample_type, num_lines,
 *       source}}: OpenAI's file object plus Mistral's own fields, read as OpenAI's;</li>
 *   <li>{@code GET /v1/files} (numbered pages, {@code page}/{@code page_size}, 100 by default; Filegate reads
 *       the first page), {@code GET /v1/files/{id}}, {@code DELETE /v1/files/{id}};</li>
 *   <li>512 MB per file; fine-tuning and batch take .jsonl only. Batch lines are {@code {"custom_id", "body"}}
 *       without method and url (docs.mistral.ai, batch inference), checked like that; no line limit is
 *       documented for one file, so none is applied (duplicate ids are tracked for the first million).
 *       Fine-tuning examples ({@code messages} with Mistral's roles) get the JSONL syntax checks only: neither existing example validator matches Mistral's rules.</li>
 * </ul>
 */
final class MistralProfile {
    private static final long MB = 1_000_000L;

    static final ProviderProfile PROFILE = ProviderProfile.builder("mistral")
            .baseUrl("https://api.mistral.ai/v1")
            .apiKey("MISTRAL_API_KEY", true)
            .formFields(PURPOSE)
            .purposes("fine-tune", "fine-tune", "batch", "batch", "ocr", "ocr")
            .fileTypes("fine-tune", "jsonl")
            .fileTypes("batch", "jsonl")
            .maxBytes(512 * MB)
            .list("/files", (ProviderProfile.ListQuery) null)
            .checks(Checks.builder("Mistral")
                    .onlyTypes("fine-tune", "jsonl").onlyTypes("batch", "jsonl")
                    .batchLines("batch", null, Integer.MAX_VALUE, Integer.MAX_VALUE)
                    .build())
            .build();

    private MistralProfile() {
    }
}
