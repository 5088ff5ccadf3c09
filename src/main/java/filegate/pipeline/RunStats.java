package filegate.pipeline;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of this run's outcomes, for the --sync summary and the exit code. */
public final class RunStats {
    public enum Counter { UPLOADED, DUPLICATE, REJECTED, FAILED, UNMATCHED }

    private final Map<Counter, AtomicLong> counts = new EnumMap<>(Counter.class);
    private final AtomicLong bytesUploaded = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final long startNanos = System.nanoTime();

    public RunStats() {
        for (Counter c : Counter.values()) {
            counts.put(c, new AtomicLong());
        }
    }

    void add(Counter c) {
        counts.get(c).incrementAndGet();
    }

    void retried() {
        retries.incrementAndGet();
    }

    public long retries() {
        return retries.get();
    }

    void addBytes(long n) {
        bytesUploaded.addAndGet(n);
    }

    public long get(Counter c) {
        return counts.get(c).get();
    }

    public long bytesUploaded() {
        return bytesUploaded.get();
    }

    public String summary() {
        double secs = (System.nanoTime() - startNanos) / 1e9;
        return String.format("filegate sync: %d uploaded, %d duplicate, %d rejected, %d failed, %d unmatched;"
                        + " %d bytes uploaded in %.1f s; %d retries",
                get(Counter.UPLOADED), get(Counter.DUPLICATE), get(Counter.REJECTED), get(Counter.FAILED),
                get(Counter.UNMATCHED), bytesUploaded(), secs, retries());
    }
}
