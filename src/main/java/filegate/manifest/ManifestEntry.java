package filegate.manifest;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
    /** Whether the provider has already checked the file, when it says (Together's {@code Processed}). */
    public Boolean processed;
    /** The file type as the provider reports it, when it does (Together's {@code FileType}). */
    public String providerFileType;
    public String requestId;
    public Integer attempts;
    /** First request byte sent to response parsed (all parts for multi-part uploads). */
    public Long uploadMs;
    /** Hashing and validation before the upload. */
    public Long prepareMs;
    /** Links an {@code intent} line to the outcome line that closes it. */
    public String attempt;
    /** On an uploaded line: the file was found at the provider after a crash or an ambiguous failure. */
    public Boolean reconciled;
    /** How reconciliation went when it could not look ("unsupported", "failed: ..."). */
    public String reconcile;
    /** On a failed line: the last attempt may have reached the provider, so the intent stays open. */
    public Boolean ambiguous;
    /** On failed/rejected lines: http_status, type, code, message, hint. */
    public Map<String, Object> error;
    /** On an uploaded line: the earlier file id of the same bytes that could not serve as a duplicate. */
    public String replaces;
    /** Why {@link #replaces} could not: {@code expired} or {@code deleted} (the provider answered 404). */
    public String replaced;
    /** Why an outcome happened without an error, e.g. an unmatched file. */
    public String reason;
    /** Uploads API: the upload the file goes through in parts (upload-created, part-uploaded, uploaded...). */
    public String uploadId;
    /** On part-uploaded: the part's number, 1 for the file's first bytes. */
    public Integer part;
    /** On part-uploaded: the provider's id of that part. */
    public String partId;
    /** On upload-created: the size of every part but the last, so a resumed upload cuts the file the same way. */
    public Long partBytes;
    /** On upload-created and uploaded: how many parts the file is sent in. */
    public Integer parts;
    /**
     * On uploaded: the provider's processing of the file is awaited ({@code await-processed}); a later
     * {@code processed} or {@code processing_failed} line about the same file id settles it.
     */
    public Boolean awaitProcessed;
    /** On uploaded: parts an earlier, interrupted run had already sent, not sent again. */
    public Integer partsResumed;

    /**
     * Not part of the line: the claims under which it is written. A shared store writes it only while this
     * node holds every one of them (fencing); empty for the embedded manifest, which one process owns.
     */
    @JsonIgnore
    public transient List<Claim> fence = List.of();

    public ManifestEntry() {
    }

    public ManifestEntry(String event) {
        this.event = event;
    }
}
