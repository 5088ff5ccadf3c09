package filegate.provider;

/** A failed attempt worth repeating (429, 5xx, ...); {@code retryAfterMs} is the provider's wish, or -1. */
public class RetryableUploadException extends UploadException {
    private final long retryAfterMs;

    public RetryableUploadException(ProviderError error, String hint, long retryAfterMs) {
        super(error, hint);
        this.retryAfterMs = retryAfterMs;
    }

    public long retryAfterMs() {
        return retryAfterMs;
    }
}
