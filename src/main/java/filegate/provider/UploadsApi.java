package filegate.provider;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * OpenAI's Uploads API, for files above the single-request limit: {@code POST /uploads} announces the
 * file, {@code POST /uploads/{id}/parts} takes it in parts of at most 64 MB (in any order, several at
 * once), {@code POST /uploads/{id}/complete} names the parts in order and turns them into a file, and
 * {@code POST /uploads/{id}/cancel} gives up on one. An upload expires an hour after it was created.
 * <p>
 * Only requests and answers live here; the pipeline decides when to send what.
 */
public final class UploadsApi {
    /** The most one part may carry. */
    public static final long MAX_PART_BYTES = 64L << 20;
    public static final long DEFAULT_PART_BYTES = MAX_PART_BYTES;
    public static final int DEFAULT_PARTS_IN_FLIGHT = 4;
    /** How long OpenAI keeps an upload open, for when an answer does not say. */
    public static final long LIFETIME_SECONDS = 3600;

    /**
     * How one provider instance uses the Uploads API.
     *
     * @param thresholdBytes files larger than this go in parts; smaller ones in one request
     * @param partBytes      size of every part but the last
     * @param partsInFlight  part requests sent at the same time to this provider, at most
     */
    public record Settings(long thresholdBytes, long partBytes, int partsInFlight) {
        public int partCount(long fileBytes) {
            return (int) ((fileBytes + partBytes - 1) / partBytes);
        }
    }

    /** An upload as the provider describes it; {@code file} is set once it is completed. */
    public record Upload(String id, String status, Long expiresAt, FileRecord file) {
    }

    private UploadsApi() {
    }

    /**
     * The MIME type announced at creation; it must be one the purpose takes. JSON lines are announced as
     * {@code text/jsonl}, as OpenAI's own example does; everything else as its part would be sent.
     */
    public static String mimeType(String fileType) {
        return "jsonl".equals(fileType) ? "text/jsonl" : MimeTypes.of(fileType);
    }

    /** The body of {@code POST /uploads}. */
    public static HttpEntity create(String filename, String purpose, long bytes, String mimeType,
                                    Long expiresAfterSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filename", filename);
        body.put("purpose", purpose);
        body.put("bytes", bytes);
        body.put("mime_type", mimeType);
        if (expiresAfterSeconds != null) {
            body.put("expires_after", Map.of("anchor", "created_at", "seconds", expiresAfterSeconds));
        }
        return json(body);
    }

    /** The body of {@code POST /uploads/{id}/parts}: one field, {@code data}, read straight from the file. */
    public static MultipartBody part(Path file, String filename, long offset, long length) {
        return MultipartBody.builder().file("data", filename, "application/octet-stream", file, offset, length).build();
    }

    /** The body of {@code POST /uploads/{id}/complete}: the part ids in file order, and the file's md5. */
    public static HttpEntity complete(List<String> partIds, String md5) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("part_ids", partIds);
        if (md5 != null) {
            body.put("md5", md5);
        }
        return json(body);
    }

    private static HttpEntity json(Map<String, Object> body) {
        try {
            return new StringEntity(FileObjects.JSON.writeValueAsString(body), ContentType.APPLICATION_JSON);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads an Upload object; its {@code file}, once there, is read as the profile reads file objects. */
    public static Upload parseUpload(ProviderProfile profile, int status, String body) {
        JsonNode n = object(status, body, "an upload");
        JsonNode f = n.get("file");
        FileRecord file = f != null && f.isObject() && FileObjects.text(f, "id") != null
                ? profile.recordReader.read(f) : null;
        return new Upload(FileObjects.text(n, "id"), FileObjects.text(n, "status"),
                FileObjects.time(n, "expires_at"), file);
    }

    /** Reads an upload part's id. */
    public static String parsePartId(int status, String body) {
        return FileObjects.text(object(status, body, "an upload part"), "id");
    }

    private static JsonNode object(int status, String body, String what) {
        JsonNode n;
        try {
            n = FileObjects.JSON.readTree(body);
        } catch (Exception e) {
            n = null;
        }
        if (n == null || !n.isObject() || FileObjects.text(n, "id") == null) {
            throw new UploadException(new ProviderError(status, "answered " + status + " but the body is not "
                    + what + ": " + FileObjects.abbreviate(body), null, "unreadable_response", null, null),
                    "check that base-url points at an API with OpenAI's Uploads API, or set uploads-api = false");
        }
        return n;
    }

    /** A path segment for an id the provider chose. */
    public static String segment(String id) {
        return java.net.URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
