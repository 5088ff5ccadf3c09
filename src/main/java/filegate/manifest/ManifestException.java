package filegate.manifest;

/** The manifest could not record an outcome: the source must stay where it is. */
public class ManifestException extends RuntimeException {
    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
