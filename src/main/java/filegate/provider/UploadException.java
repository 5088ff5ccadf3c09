package filegate.provider;

/** An upload attempt that did not produce a file record. */
public class UploadException extends RuntimeException {
    private final ProviderError error;
    private final String hint;
    private final boolean ambiguous;

    public UploadException(ProviderError error, String hint) {
        this(error, hint, false);
    }

    /** @param ambiguous the provider may have stored the file although this attempt did not say so */
    public UploadException(ProviderError error, String hint, boolean ambiguous) {
        super(error.toString());
        this.error = error;
        this.hint = hint;
        this.ambiguous = ambiguous;
    }

    /** Whether the provider may have stored the file anyway (a 2xx it could not read): reconcile before resending. */
    public boolean ambiguous() {
        return ambiguous;
    }

    public ProviderError error() {
        return error;
    }

    /** What a person can do about it. */
    public String hint() {
        return hint;
    }
}
