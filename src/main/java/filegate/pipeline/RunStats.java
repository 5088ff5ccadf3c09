package filegate.pipeline;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of this run's outcomes, for the --sync summary and the exit code. */
public final class RunStats {
    public enum Counter { UPLOADED, DUPLICATE, REJECTED, FAILED, UNMATCHED, REFUSED }

    private final Map<Counter, AtomicLong> counts = new EnumMap<>(Counter.class);
    private final Map<Counter, AtomicLong> bytes = new EnumMap<>(Counter.class);
    private final AtomicLong retries = new AtomicLong();
    private final long startNanos = System.nanoTime();

    public RunStats() {
        for (Counter c : Counter.values()) {
            counts.put(c, new AtomicLong());
            bytes.put(c, new AtomicLong());
        }
    }

    void add(Counter c, long size) {
        counts.get(c).incrementAndGet();
        bytes.get(c).addAndGet(size);
    }

    void retried() {
        retries.incrementAndGet();
    }

    public long retries() {
        return retries.get();
    }

    public long get(Counter c) {
        return counts.get(c).get();
    }

    public long bytesUploaded() {
        return bytes.get(Counter.UPLOADED).get();
    }

    /** One line, then a table per outcome: files, bytes and MB/s over the whole run. */
    public String summary() {
        double secs = (System.nanoTime() - startNanos) / 1e9;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "filegate sync: %d uploaded, %d duplicate, %d rejected, %d failed, %d unmatched, %d refused;"
                        + " %d bytes uploaded in %.1f s; %d retries%n",
                get(Counter.UPLOADED), get(Counter.DUPLICATE), get(Counter.REJECTED), get(Counter.FAILED),
                get(Counter.UNMATCHED), get(Counter.REFUSED), bytesUploaded(), secs, retries()));
        sb.append(String.format(Locale.ROOT, "%-10s %8s %15s %10s%n", "outcome", "files", "bytes", "MB/s"));
        for (Counter c : Counter.values()) {
            if (c == Counter.REFUSED && get(c) == 0) {
                continue; // a row for refused entries only when there were any
            }
            long b = bytes.get(c).get();
            sb.append(String.format(Locale.ROOT, "%-10s %8d %15d %10.2f%n", c.name().toLowerCase(Locale.ROOT),
                    get(c), b, secs > 0 ? b / 1e6 / secs : 0));
        }
        return sb.toString().stripTrailing();
    }
}
