package filegate.manifest;

import java.util.Optional;

/**
 * Claims of a shared store: several nodes take items from the same sources, and each item (and each
 * upload of given bytes) is worked on by one node at a time. The embedded JSONL manifest is owned by one
 * process ({@code OwnerLock}), so it needs none: {@link #NONE} grants everything without a record.
 */
public interface Claims {
    /** What a claim is for: a source item, or the upload of some bytes (dedup across nodes). */
    enum Kind { ITEM, CONTENT }

    Claims NONE = new Claims() {
        @Override
        public boolean shared() {
            return false;
        }

        @Override
        public Optional<Claim> take(String item, Kind kind, String source) {
            return Optional.of(new Claim(item, 0, source));
        }

        @Override
        public void release(Claim claim) {
        }

        @Override
        public boolean held(Claim claim) {
            return true;
        }

        @Override
        public void committed(Claim claim) {
        }
    };

    /** True when other nodes may take the same items (a shared store). */
    boolean shared();

    /**
     * Takes {@code item} for this node, unless another node holds it with a lease that has not run out;
     * an expired lease is taken over (with a new version, so the old holder's writes are refused).
     */
    Optional<Claim> take(String item, Kind kind, String source);

    /** Gives the claim up (after the item is committed, or when it is left for later); no-op once lost. */
    void release(Claim claim);

    /** Whether this node still holds the claim at this version. */
    boolean held(Claim claim);

    /** Releases the claim and notes that its source was committed: nothing is left to do for the item. */
    void committed(Claim claim);
}
