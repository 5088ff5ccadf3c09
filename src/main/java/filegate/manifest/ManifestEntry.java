package filegate.manifest;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One manifest line. Field names are written in snake_case; absent values are left out.
 * Lines are never rewritten: a later line about the same source supersedes an earlier one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"ts", "event", "source", "etag", "bytes", "sha256", "provider", "purpose", "file_type", "rule",
        "file_id", "filename"})
public class ManifestEntry {
    public String ts;
    public String event;
    public String source;
    /** For S3 sources: the object's ETag without quotes; with {@code source} it names the version handled. */
    public String etag;
    public Long bytes;
    public String sha256;
    public String provider;
    public String purpose;
    public String fileType;
    public String rule;
    public String fileId;
    public String filename;
    /** The purpose as the provider spells it, when it differs from the canonical one. */
    public String providerPurpose;
    public Long createdAt;
    public Long expiresAt;
    public String status;
    public String requestId;
    public Integer attempts;
    /** Where the source file was moved once this line was durable. */
    public String movedTo;
    /** On failed/rejected lines: http_status, type, code, message, hint. */
    public Map<String, Object> error;
    /** Why an outcome happened without an error, e.g. an unmatched file. */
    public String reason;

    public ManifestEntry() {
    }

    public ManifestEntry(String event) {
        this.event = event;
    }
}
