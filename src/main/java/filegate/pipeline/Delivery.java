package filegate.pipeline;

import java.util.Map;

import filegate.provider.FileRecord;
import filegate.provider.Provider;

/** One file going to one provider: a manifest line once it has an outcome. */
public final class Delivery {
    public enum Event {
        UPLOADED, DUPLICATE, REJECTED, FAILED,
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
    /** What a person can do about a failure or rejection. */
    public String hint;
    public int attempts;
    public long startedNanos;

    public Delivery(Provider provider, String purpose) {
        this.provider = provider;
        this.purpose = purpose;
    }
}
