package filegate.provider;

import filegate.validate.Checks;

import static filegate.provider.FileObjects.number;
import static filegate.provider.FileObjects.text;
import static filegate.provider.FileObjects.time;

/**
 * Anthropic's Files API (beta), everything Filegate knows of it. Checked against Anthropic's API reference
 * (Files: create, list, get metadata, delete) and the anthropic-sdk-python {@code beta.files} resource:
 * <ul>
 *   <li>{@code POST /v1/files}, multipart with the single part {@code file}: there is no purpose field, so a
 *       rule's purpose only says where the file is meant to be used and is never sent;</li>
 *   <li>{@code x-api-key: <key>} (no scheme), {@code anthropic-version: 2023-06-01} and
 *       {@code anthropic-beta: files-api-2025-04-14} on every call;</li>
 *   <li>answer {@code {id, type:"file", filename, mime_type, size_bytes, created_at (RFC 3339), downloadable}};</li>
 *   <li>{@code GET /v1/files?limit=&after_id=} pages with {@code has_more}, {@code first_id}, {@code last_id}
 *       (limit 1..1000); {@code GET /v1/files/{id}} and {@code DELETE /v1/files/{id}};</li>
 *   <li>500 MB per file; PDF and plain text become document blocks, JPEG/PNG/GIF/WebP image blocks, any other
 *       type is for the code execution tool, so no type is refused.</li>
 * </ul>
 */
final class AnthropicProfile {
    private static final long MB = 1_000_000L;

    /** Anthropic's file object; its MIME type is kept as the provider's file type. */
    static final ProviderProfile.RecordReader FILE_METADATA = n -> new FileRecord(text(n, "id"),
            number(n, "size_bytes"), time(n, "created_at"), text(n, "filename"), null, null, null, null,
            text(n, "mime_type"));

    static final ProviderProfile PROFILE = ProviderProfile.builder("anthropic")
            .baseUrl("https://api.anthropic.com/v1")
            .apiKey("ANTHROPIC_API_KEY", true)
            .auth("x-api-key", "")
            .header("anthropic-version", "2023-06-01")
            .header("anthropic-beta", "files-api-2025-04-14")
            .formFields()
            // files are referenced from messages (documents, images) or handed to code execution
            .purposes("user_data", "user_data", "assistants", "assistants", "vision", "vision")
            .maxBytes(500 * MB)
            .list("/files", new ProviderProfile.ListQuery(null, "limit", null, "after_id", false))
            .recordReader(FILE_METADATA)
            .checks(Checks.builder("Anthropic").build())
            .build();

    private AnthropicProfile() {
    }
}
