package filegate.manifest;

/**
 * The manifest could not record an outcome: the source must stay where it is.
 * <p>
 * The I/O error is kept as a suppressed exception, not as the cause: Camel matches onException clauses
 * from the deepest cause up, so an IOException cause made a full disk look like a network error, and
 * the upload was retried instead of the file being left for the next run.
 */
public class ManifestException extends RuntimeException {
    public ManifestException(String message, Throwable cause) {
        super(message);
        if (cause != null) {
            addSuppressed(cause);
        }
    }
}
