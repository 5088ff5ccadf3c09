package filegate.pipeline;

import java.util.Map;

import filegate.manifest.Claim;
import filegate.provider.FileRecord;
import filegate.provider.Provider;

/** One file going to one provider: a manifest line once it has an outcome. */
public final class Delivery {
    public enum Event {
        UPLOADED, DUPLICATE, REJECTED, FAILED,
        /** Stored at the provider, but the file changed while it was sent: not what was validated. */
        CHANGED,
        /** Dry run only: would be uploaded. */
        WOULD_UPLOAD;

        public String wire() {
            return this == WOULD_UPLOAD ? "upload" : name().toLowerCase();
        }
    }

    public final Provider provider;
    public final String purpose;
    public Event event;
    public FileRecord record;
    /** For failed/rejected: what went wrong (http_status, type, code, message). */
    public Map<String, Object> error;
    /** The validation report that rejected this delivery, if one did. */
    public filegate.validate.ValidationReport report;
    /** What a person can do about a failure or rejection. */
    public String hint;
    public int attempts;
    /** Tries the provider answered with a 429 that said when to come back, and how long they asked for. */
    int waits;
    long waitedMs;
    /** Whether the last failed try was such a wait (see RateLimitWaits). */
    boolean lastWasWait;
    /** When the first attempt began; 0 until then. */
    public long startedNanos;
    /** When this delivery was planned (after the file was hashed): its outcome line says how long it took. */
    public final long createdNanos = System.nanoTime();
    /** Ties the intent line to the outcome line; reused when an earlier run's intent is resumed. */
    public String attemptId;
    /** When the (first) intent was written: a file created at the provider before it is not ours. */
    public long intentEpochMillis;
    /** Look at the provider's file list before sending (again). */
    public boolean reconcileFirst;
    /** Set when the upload was found at the provider rather than sent by this attempt. */
    public boolean reconciled;
    /** Why reconciliation could not look, for the manifest. */
    public String reconcileNote;
    /** The last failed attempt may have reached the provider. */
    public boolean ambiguous;
    /** First request byte of the successful attempt to its parsed answer. */
    public Long uploadMs;
    volatile long attemptStartNanos;
    Progress.Transfer transfer;
    /** Frees this delivery's content key for parallel copies of the same bytes; safe to call twice. */
    Runnable release = () -> { };
    /** Uploads API: the upload this file goes through in parts, once created or resumed. */
    public String uploadId;
    /** Uploads API: how many parts, and how many of them an earlier run had already sent. */
    public int parts;
    public int partsResumed;
    /** When the first request of the upload started ({@link System#nanoTime}), and how long it all took. */
    public long uploadStartedNanos;
    /** An earlier file id of the same bytes that could not answer as a duplicate, and why (expired, deleted). */
    public String replaces;
    public String replaced;
    /** With a shared store: this node's claim on uploading these bytes (dedup across nodes), once held. */
    public Claim contentHold;
    /** Counted as an upload in flight (between its start and its outcome). */
    public boolean inFlight;

    public Delivery(Provider provider, String purpose) {
        this.provider = provider;
        this.purpose = purpose;
    }
}
