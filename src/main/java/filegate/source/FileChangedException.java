package filegate.source;

/**
 * A drop-folder file changed after it was read for validation: it must not be archived as what was sent.
 * Failing the exchange with this leaves the file where it is, to be taken again as a new version once it
 * is still.
 */
public final class FileChangedException extends RuntimeException {
    public FileChangedException(String message) {
        super(message);
    }
}
