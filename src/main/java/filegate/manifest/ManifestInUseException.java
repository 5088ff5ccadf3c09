package filegate.manifest;

/** Another Filegate process owns the manifest. */
public final class ManifestInUseException extends ManifestException {
    public ManifestInUseException(String message) {
        super(message, null);
    }
}
