package filegate.provider;

/** An upload attempt that did not produce a file record. */
public class UploadException extends RuntimeException {
    private final ProviderError error;
    private final String hint;

    public UploadException(ProviderError error, String hint) {
        super(error.toString());
        this.error = error;
        this.hint = hint;
    }

    public ProviderError error() {
        return error;
    }

    /** What a person can do about it. */
    public String hint() {
        return hint;
    }
}
