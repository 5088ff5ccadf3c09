package filegate.pipeline;

/**
 * What the pipeline tells the outside about its work, as it happens: outcomes (from {@link Outcomes}),
 * uploads starting and ending, and retries (from {@link Pipeline}). Metrics implement it; nothing in
 * the pipeline knows which.
 */
public interface Telemetry {
    Telemetry NONE = new Telemetry() {
    };

    /**
     * A delivery's outcome was recorded.
     *
     * @param outcome       uploaded, duplicate, rejected or failed
     * @param bytes         the file's size
     * @param uploadNanos   time from the first attempt to the outcome, or -1 when nothing was sent
     * @param errorCode     {@code error.code} of a rejection or failure, or null
     */
    default void outcome(String provider, String outcome, long bytes, long uploadNanos, String errorCode) {
    }

    /** A file no rule matched was recorded. */
    default void unmatched() {
    }

    /** An upload to this provider began (after its intent was durable). */
    default void uploadStarted(String provider) {
    }

    /** An upload that began has its outcome. */
    default void uploadEnded(String provider) {
    }

    /** An upload attempt failed and is about to be repeated. */
    default void retry(String provider) {
    }
}
