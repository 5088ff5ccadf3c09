package filegate.pipeline;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Periodic progress lines for uploads that take longer than the reporting interval. */
public final class Progress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("filegate.progress");

    /** One upload in progress: a single request, or all the parts of an Uploads API upload. */
    public static final class Transfer {
        final String what;
        final long total;
        final long startNanos = System.nanoTime();
        final AtomicLong sent = new AtomicLong();
        /** Bytes sent so far of each part (by number) in flight or done in this run. */
        private final Map<Integer, Long> parts = new ConcurrentHashMap<>();
        /** Sent by an earlier, interrupted run: counted as done, not in the rate. */
        private volatile long resumed;

        Transfer(String what, long total) {
            this.what = what;
            this.total = total;
        }

        public void sent(long bytes) {
            sent.set(bytes);
        }

        /** Part {@code part} has sent {@code bytes} of itself (from 0 again when it is resent). */
        public void partSent(int part, long bytes) {
            parts.put(part, bytes);
        }

        /** Bytes an earlier run already delivered (parts found at the provider). */
        public void resumed(long bytes) {
            resumed = bytes;
        }

        long thisRun() {
            long n = sent.get();
            for (long b : parts.values()) {
                n += b;
            }
            return n;
        }
    }

    private final Set<Transfer> active = ConcurrentHashMap.newKeySet();
    private final long intervalNanos;
    private final ScheduledExecutorService timer;

    public Progress(long intervalSeconds) {
        this.intervalNanos = TimeUnit.SECONDS.toNanos(intervalSeconds);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "filegate-progress");
            t.setDaemon(true);
            return t;
        });
        if (intervalSeconds > 0) {
            timer.scheduleAtFixedRate(this::report, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
        }
    }

    public Transfer start(String what, long total) {
        Transfer t = new Transfer(what, total);
        active.add(t);
        return t;
    }

    public void end(Transfer t) {
        if (t != null) {
            active.remove(t);
        }
    }

    private void report() {
        long now = System.nanoTime();
        for (Transfer t : active) {
            long elapsed = now - t.startNanos;
            if (elapsed < intervalNanos) {
                continue;
            }
            long thisRun = t.thisRun();
            long sent = Math.min(t.total, thisRun + t.resumed);
            double secs = elapsed / 1e9;
            double rate = thisRun / secs;
            String eta = rate > 0 ? String.format(Locale.ROOT, "%.0f s", (t.total - sent) / rate) : "unknown";
            LOG.info("uploading {}: {} of {} ({}%), {}/s, ETA {}", t.what, human(sent), human(t.total),
                    t.total == 0 ? 100 : sent * 100 / t.total, human((long) rate), eta);
        }
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
