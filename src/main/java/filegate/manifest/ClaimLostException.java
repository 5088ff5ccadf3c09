package filegate.manifest;

/**
 * A write under a claim this node no longer holds (its lease ran out while it was stopped or cut off, and
 * another node took the item over): refused, so the item is recorded and committed by that node only.
 * A ManifestException, so the source stays where it is, as for any outcome that cannot be recorded.
 */
public final class ClaimLostException extends ManifestException {
    public ClaimLostException(String message) {
        super(message, null);
    }
}
