package filegate.pipeline;

import java.util.Map;

import filegate.manifest.Claim;
import filegate.provider.FileRecord;
import filegate.provider.Provider;
import filegate.validate.ValidationReport;

/**
 * One file going to one provider: a manifest line once it has an outcome.
 * <p>
 * Its state is private and changes only through the methods that name a transition:
 * planned ({@link #Delivery}) → checked (or {@link #rejected}) → {@link #duplicateOf} | {@link #wouldUpload}
 * | {@link #intentWritten} (or {@link #resumingIntent}) → per attempt {@link #attemptStarted} →
 * {@link #sent} | {@link #reconciled} | {@link #failed} | {@link #changed} → {@link #recorded}. Everything
 * else is read-only from outside.
 */
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

    private final Provider provider;
    private final String purpose;
    /** The outcome; null while the delivery is still on its way. */
    private Event event;
    private FileRecord record;
    /** For failed/rejected: what went wrong (http_status, type, code, message). */
    private Map<String, Object> error;
    /** The validation report that rejected this delivery, if one did. */
    private ValidationReport report;
    /** What a person can do about a failure or rejection. */
    private String hint;
    private int attempts;
    /** Tries the provider answered with a 429 that said when to come back, and how long they asked for. */
    private int waits;
    private long waitedMs;
    /** Whether the last failed try was such a wait (see RateLimitWaits). */
    private boolean lastWasWait;
    /** When the first request began; 0 until then. */
    private long startedNanos;
    /** When this delivery was planned (after the file was hashed): its outcome line says how long it took. */
    private final long createdNanos = System.nanoTime();
    /** Ties the intent line to the outcome line; reused when an earlier run's intent is resumed. */
    private String attemptId;
    /** When the (first) intent was written: a file created at the provider before it is not ours. */
    private long intentEpochMillis;
    /** Look at the provider's file list before sending (again). */
    private boolean reconcileFirst;
    /** Set when the upload was found at the provider rather than sent by this attempt. */
    private boolean reconciled;
    /** Why reconciliation could not look, for the manifest. */
    private String reconcileNote;
    /** The last failed attempt may have reached the provider. */
    private boolean ambiguous;
    /** First request byte of the successful attempt to its parsed answer. */
    private Long uploadMs;
    private volatile long attemptStartNanos;
    private Progress.Transfer transfer;
    /** Frees this delivery's content key for parallel copies of the same bytes; safe to call twice. */
    private Runnable release = () -> { };
    /** Uploads API: the upload this file goes through in parts, once created or resumed. */
    private String uploadId;
    /** Uploads API: how many parts, and how many of them an earlier run had already sent. */
    private int parts;
    private int partsResumed;
    /** When the first request of a parts upload started ({@link System#nanoTime}). */
    private long uploadStartedNanos;
    /** An earlier file id of the same bytes that could not answer as a duplicate, and why (expired, deleted). */
    private String replaces;
    private String replaced;
    /** With a shared store: this node's claim on uploading these bytes (dedup across nodes), once held. */
    private Claim contentHold;
    /** Counted as an upload in flight (between its start and its outcome). */
    private boolean inFlight;
    /** Its outcome line was handed to the manifest. */
    private boolean recorded;

    public Delivery(Provider provider, String purpose) {
        this.provider = provider;
        this.purpose = purpose;
    }

    // ---- transitions -------------------------------------------------------------------------------

    /** Refused before anything was sent: by the provider's limits or by the file's validation report. */
    void rejected(Map<String, Object> error, ValidationReport report, String hint) {
        this.event = Event.REJECTED;
        this.error = error;
        this.report = report;
        this.hint = hint;
    }

    /** The same bytes are known at the provider: the earlier upload answers. */
    void duplicateOf(FileRecord known) {
        this.event = Event.DUPLICATE;
        this.record = known;
    }

    /** A known upload of the same bytes cannot answer (expired, gone): this one will replace it. */
    void replacing(String fileId, String why, String hint) {
        this.replaces = fileId;
        this.replaced = why;
        this.hint = hint;
    }

    /** Dry run: would be sent. */
    void wouldUpload() {
        this.event = Event.WOULD_UPLOAD;
    }

    /** The intent line is durable: the upload may start. */
    void intentWritten(String attemptId, long epochMillis) {
        this.attemptId = attemptId;
        this.intentEpochMillis = epochMillis;
    }

    /** An earlier run wrote an intent and never its outcome: ask the provider's file list first. */
    void resumingIntent(String attemptId, long epochMillis) {
        intentWritten(attemptId, epochMillis);
        this.reconcileFirst = true;
    }

    /** One try begins (a redelivery of the attempt route counts as one more). */
    void attemptStarted() {
        attempts++;
        lastWasWait = false;
    }

    /** The first request of the delivery is about to leave (kept across retries). */
    void requestStarting() {
        if (startedNanos == 0) {
            startedNanos = System.nanoTime();
        }
    }

    /** The first body byte of this try left. */
    void bodyStarted() {
        attemptStartNanos = System.nanoTime();
    }

    /** The provider answered with the stored file. */
    void sent(FileRecord stored) {
        this.record = stored;
        this.uploadMs = (System.nanoTime() - attemptStartNanos) / 1_000_000;
        this.event = Event.UPLOADED;
    }

    /** A 429 asked to come back after {@code waitMs}: a wait, not a failed try. */
    void waitBooked(long waitMs) {
        waits++;
        waitedMs += waitMs;
        lastWasWait = true;
    }

    /** The failed try may have reached the provider: look at its file list before sending again. */
    void mayHaveArrived() {
        this.reconcileFirst = true;
    }

    /** The file list has no further page worth reading: the upload was not found. */
    void reconcileDone() {
        this.reconcileFirst = false;
    }

    /** The file list could not be looked at (none, or a final error): the upload is repeated unchecked. */
    void reconcileSkipped(String note) {
        this.reconcileFirst = false;
        this.reconcileNote = note;
    }

    /** Found at the provider: an earlier try arrived although its answer did not. */
    void reconciled(FileRecord found) {
        this.record = found;
        this.event = Event.UPLOADED;
        this.reconciled = true;
        this.reconcileFirst = false;
    }

    /** Given up: what went wrong, what to do, and whether the provider may hold it anyway. */
    void failed(Map<String, Object> error, String hint, boolean ambiguous) {
        this.event = Event.FAILED;
        this.error = error;
        this.hint = hint;
        this.ambiguous = ambiguous;
    }

    /** Stored, but the file changed while it was sent: not counted as the validated bytes. */
    void changed(String hint) {
        this.event = Event.CHANGED;
        this.hint = hint;
    }

    /** Its outcome line was handed to the manifest. */
    void recorded() {
        this.recorded = true;
    }

    /** Uploads API: the upload the parts go to (created now or resumed from an earlier run). */
    void partsUploadIs(String uploadId) {
        this.uploadId = uploadId;
    }

    /** Uploads API: how many parts, and how many an earlier run had sent already. */
    void partsPlanned(int parts, int resumed) {
        this.parts = parts;
        this.partsResumed = resumed;
    }

    /** Uploads API: a request of the upload is about to leave. */
    void partsRequestStarting() {
        if (uploadStartedNanos == 0) {
            uploadStartedNanos = System.nanoTime();
        }
        if (startedNanos == 0) {
            startedNanos = uploadStartedNanos;
        }
    }

    /** Uploads API: completed, the provider made the file. */
    void partsCompleted(FileRecord stored) {
        this.record = stored;
        this.event = Event.UPLOADED;
        this.uploadMs = (System.nanoTime() - uploadStartedNanos) / 1_000_000;
    }

    /** The progress line of the current try; the previous one (if any) is returned to be ended. */
    Progress.Transfer transferring(Progress.Transfer next) {
        Progress.Transfer previous = this.transfer;
        this.transfer = next;
        return previous;
    }

    /** Holds the content key until recorded; {@code release} frees it (safe to call twice). */
    void holding(Runnable release) {
        this.release = release;
    }

    /** With a shared store: the cluster-wide claim on these bytes, freed by {@code release}. */
    void holdingAcrossNodes(Claim hold, Runnable release) {
        this.contentHold = hold;
        this.release = release;
    }

    void releaseContent() {
        release.run();
    }

    /** What {@link #releaseContent} runs now, to be wrapped by a further hold. */
    Runnable releaser() {
        return release;
    }

    /** Counted as in flight from now; false when it already was. */
    boolean takeOff() {
        if (inFlight) {
            return false;
        }
        inFlight = true;
        return true;
    }

    /** No longer in flight; false when it was not. */
    boolean land() {
        if (!inFlight) {
            return false;
        }
        inFlight = false;
        return true;
    }

    // ---- read-only views ---------------------------------------------------------------------------

    public Provider provider() {
        return provider;
    }

    public String purpose() {
        return purpose;
    }

    public Event event() {
        return event;
    }

    /** Whether it has an outcome already (rejected, duplicate, sent, ...). */
    public boolean decided() {
        return event != null;
    }

    public FileRecord record() {
        return record;
    }

    public Map<String, Object> error() {
        return error;
    }

    public ValidationReport report() {
        return report;
    }

    public String hint() {
        return hint;
    }

    public int attempts() {
        return attempts;
    }

    int waits() {
        return waits;
    }

    long waitedMs() {
        return waitedMs;
    }

    boolean lastWasWait() {
        return lastWasWait;
    }

    long startedNanos() {
        return startedNanos;
    }

    long createdNanos() {
        return createdNanos;
    }

    public String attemptId() {
        return attemptId;
    }

    long intentEpochMillis() {
        return intentEpochMillis;
    }

    boolean reconcileFirst() {
        return reconcileFirst;
    }

    public boolean wasReconciled() {
        return reconciled;
    }

    String reconcileNote() {
        return reconcileNote;
    }

    public boolean ambiguous() {
        return ambiguous;
    }

    Long uploadMs() {
        return uploadMs;
    }

    Progress.Transfer transfer() {
        return transfer;
    }

    public String uploadId() {
        return uploadId;
    }

    int parts() {
        return parts;
    }

    int partsResumed() {
        return partsResumed;
    }

    String replaces() {
        return replaces;
    }

    String replaced() {
        return replaced;
    }

    Claim contentHold() {
        return contentHold;
    }

    boolean isRecorded() {
        return recorded;
    }
}
