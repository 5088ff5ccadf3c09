package filegate.provider;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one kind of provider expects: where uploads go, which purposes and file types it takes, its
 * limits, and how its answers read. Mostly data; a provider whose form or answer differs from
 * OpenAI's overrides {@link #formFields} or {@link #toRecord}.
 */
public class ProviderProfile {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The canonical purposes rules may use. */
    public static final Set<String> CANONICAL_PURPOSES =
            Set.of("fine-tune", "batch", "evals", "assistants", "vision", "user_data");

    public final String type;
    /** Null when every user has their own (then base-url is required). */
    public final String defaultBaseUrl;
    /** Environment variable the api-key defaults to, or null. */
    public final String apiKeyEnv;
    public final boolean keyRequired;
    public final String uploadPath;
    /** Canonical purpose → the provider's spelling; a purpose missing here is refused. */
    public final Map<String, String> purposes;
    /** Canonical purpose → allowed file types; a purpose missing here takes any type. */
    public final Map<String, Set<String>> fileTypes;
    public final long maxBytes;
    /** Canonical purpose → a tighter size limit. */
    public final Map<String, Long> maxBytesByPurpose;
    public final Set<Integer> successCodes;
    public final boolean supportsExpiry;

    protected ProviderProfile(String type, String defaultBaseUrl, String apiKeyEnv, boolean keyRequired,
                              String uploadPath, Map<String, String> purposes, Map<String, Set<String>> fileTypes,
                              long maxBytes, Map<String, Long> maxBytesByPurpose, Set<Integer> successCodes,
                              boolean supportsExpiry) {
        this.type = type;
        this.defaultBaseUrl = defaultBaseUrl;
        this.apiKeyEnv = apiKeyEnv;
        this.keyRequired = keyRequired;
        this.uploadPath = uploadPath;
        this.purposes = purposes;
        this.fileTypes = fileTypes;
        this.maxBytes = maxBytes;
        this.maxBytesByPurpose = maxBytesByPurpose;
        this.successCodes = successCodes;
        this.supportsExpiry = supportsExpiry;
    }

    /** Why this profile cannot take a file of this purpose, type and size; empty when it can. */
    public Optional<String> refusal(String canonicalPurpose, String fileType, long bytes) {
        if (!purposes.containsKey(canonicalPurpose)) {
            return Optional.of(type + " does not accept purpose '" + canonicalPurpose + "' (it takes "
                    + String.join(", ", purposes.keySet().stream().sorted().toList()) + ")");
        }
        Set<String> types = fileTypes.get(canonicalPurpose);
        if (types != null && !types.contains(fileType)) {
            return Optional.of(type + " takes only " + String.join(", ", types.stream().sorted().toList())
                    + " files for purpose '" + canonicalPurpose + "', not '" + fileType + "'");
        }
        long limit = Math.min(maxBytes, maxBytesByPurpose.getOrDefault(canonicalPurpose, Long.MAX_VALUE));
        if (bytes > limit) {
            return Optional.of(type + " takes files of at most " + limit + " bytes for purpose '"
                    + canonicalPurpose + "'; this one has " + bytes);
        }
        return Optional.empty();
    }

    /**
     * Path of the provider's file list, used to find an upload whose answer was lost; null when the
     * provider has none (then an interrupted upload can only be retried, and the manifest says so).
     */
    public String listPath() {
        return uploadPath;
    }

    /** Whether the list takes OpenAI's {@code purpose}, {@code limit}, {@code order} and {@code after}. */
    public boolean listPaged() {
        return true;
    }

    /** One page of the file list. */
    public record ListPage(List<FileRecord> files, boolean hasMore, String lastId) {
    }

    public ListPage parseList(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode data = n.isArray() ? n : n.path("data");
            List<FileRecord> files = new java.util.ArrayList<>();
            for (JsonNode f : data) {
                if (f.isObject() && text(f, "id") != null) {
                    files.add(toRecord(f));
                }
            }
            return new ListPage(files, n.path("has_more").asBoolean(false), text(n, "last_id"));
        } catch (Exception e) {
            throw new IllegalArgumentException("the file list is not JSON: " + abbreviate(body));
        }
    }

    /** The multipart fields, in order; the file part is added by the caller under {@link #filePartName()}. */
    public List<String[]> formFields(UploadTask task) {
        List<String[]> fields = new java.util.ArrayList<>();
        fields.add(new String[] {"purpose", task.purpose()});
        if (supportsExpiry && task.expiresAfterSeconds() != null) {
            fields.add(new String[] {"expires_after[anchor]", "created_at"});
            fields.add(new String[] {"expires_after[seconds]", Long.toString(task.expiresAfterSeconds())});
        }
        return fields;
    }

    public String filePartName() {
        return "file";
    }

    /** Builds this attempt's body; a new one per attempt, so a retry never reuses a spent stream. */
    public MultipartBody body(UploadTask task) {
        MultipartBody.Builder b = MultipartBody.builder();
        for (String[] f : formFields(task)) {
            b.text(f[0], f[1]);
        }
        b.file(filePartName(), task.filename(), MimeTypes.of(task.fileType()), task.file(), 0, task.bytes());
        return b.build();
    }

    /** Reads a success body into a file record; throws when it has no id. */
    public FileRecord parseRecord(int status, String body) {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (Exception e) {
            n = null;
        }
        if (n == null || !n.isObject() || text(n, "id") == null) {
            throw new UploadException(new ProviderError(status, "answered " + status
                    + " but the body is not a file object: " + abbreviate(body), null, "unreadable_response",
                    null, null), "check that base-url points at the provider's API root");
        }
        return toRecord(n);
    }

    protected FileRecord toRecord(JsonNode n) {
        return new FileRecord(text(n, "id"), number(n, "bytes"), time(n, "created_at"), text(n, "filename"),
                text(n, "purpose"), text(n, "status"), time(n, "expires_at"));
    }

    /** Reads an error body: OpenAI-style {@code {"error":{...}}}, a bare {@code {"message":..}}, or text. */
    public ProviderError parseError(int status, String body, String requestId) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.isObject()) {
                JsonNode e = n.has("error") && n.get("error").isObject() ? n.get("error") : n;
                String message = text(e, "message");
                if (message == null && n.get("error") != null && n.get("error").isTextual()) {
                    message = n.get("error").asText();
                }
                if (message == null && n.has("detail")) {
                    message = n.get("detail").toString();
                }
                return new ProviderError(status, message, text(e, "type"), text(e, "code"), text(e, "param"),
                        requestId);
            }
        } catch (Exception ignored) {
            // plain-text error bodies are common on OpenAI-compatible servers
        }
        return new ProviderError(status, abbreviate(body), null, null, null, requestId);
    }

    protected static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    protected static Long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.canConvertToLong() ? null : v.asLong();
    }

    /** Unix seconds, or an RFC 3339 string as some compatible servers send. */
    protected static Long time(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asLong();
        }
        try {
            return OffsetDateTime.parse(v.asText()).toEpochSecond();
        } catch (Exception e) {
            return null;
        }
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        return t.length() <= 500 ? t : t.substring(0, 500) + "…";
    }
}
