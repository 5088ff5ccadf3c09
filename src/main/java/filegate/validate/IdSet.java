package filegate.validate;

/**
 * Remembers batch {@code custom_id}s as 64-bit hashes with the line each was first seen on: 16 bytes per id
 * whatever the id's length, and capped (a batch takes at most 50,000 lines). Two different ids share a hash with
 * probability about n²/2^65 (7·10⁻¹¹ for 50,000 ids) — the price of not keeping the ids.
 */
final class IdSet {
    private final int maxEntries;
    private long[] keys = new long[1024];
    private long[] lines = new long[1024];
    private int size;

    IdSet(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** Adds the id; returns the line it was first seen on, or 0 when it is new. */
    long addOrGet(String id, long line) {
        long h = hash(id);
        int mask = keys.length - 1;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (keys[i] != 0) {
            if (keys[i] == h) {
                return lines[i];
            }
            i = (i + 1) & mask;
        }
        if (size >= maxEntries) {
            return 0;
        }
        keys[i] = h;
        lines[i] = line;
        if (++size * 2 > keys.length) {
            grow();
        }
        return 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldLines = lines;
        keys = new long[oldKeys.length * 2];
        lines = new long[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            long h = oldKeys[j];
            if (h != 0) {
                int i = (int) (h ^ (h >>> 32)) & mask;
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = h;
                lines[i] = oldLines[j];
            }
        }
    }

    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= s.length();
        // murmur3 finaliser: spreads FNV's weak low bits before they pick a slot
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }
}
