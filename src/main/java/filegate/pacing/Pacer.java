package filegate.pacing;

import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import filegate.provider.RetryRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pace of every request to one provider account (one base URL and key, shared by the instances
 * that have both in common). Before a request: {@link #acquire} waits for its slot; after the answer:
 * {@link Permit#done} reads the rate headers and frees the slot.
 * <p>
 * How the pace is found, in order of what wins (the slowest applies):
 * <ul>
 *   <li>the configured {@code requests-per-minute} and {@code bytes-per-minute}, always;</li>
 *   <li>with {@code filegate.pacing.follow-headers}: {@code x-ratelimit-limit-requests} per minute; and
 *       while {@code remaining} cannot cover that pace until {@code reset}, the remaining requests are
 *       spread over the time to the reset;</li>
 *   <li>after a 429: no request of this account goes before the wait it asked for, and the pace drops to
 *       80 % (down to half), coming back by 1 % per answer that was not a 429.</li>
 * </ul>
 * Until an account has answered once, only one request goes to it (for at most 2 s): its first answer
 * tells the limits, before parallel uploads can burst past them. {@code max-in-flight} caps the requests
 * open at once.
 */
public final class Pacer {
    private static final Logger LOG = LoggerFactory.getLogger(Pacer.class);
    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** After a 429 the interval grows by this, to at most {@link #MAX_SLOWDOWN}; each other answer takes 1 % off. */
    private static final double SLOWDOWN_STEP = 1.25;
    private static final double MAX_SLOWDOWN = 2.0;
    /** How long requests wait for the account's first answer before they go anyway. */
    private static final long FIRST_ANSWER_WAIT_MS = 2000;

    private final String name;
    private final boolean followHeaders;
    private final long configuredIntervalNanos;
    private final long bytesPerMinute;
    private final Budget requests;
    private final Budget bytes;
    private final Semaphore inFlight;
    /** Held by the one request that goes before the account has answered at all. */
    private final Semaphore firstCall = new Semaphore(1);
    private volatile boolean answered;

    // what the headers said; guarded by this
    private long learnedIntervalNanos;
    private long spreadIntervalNanos;
    private long spreadUntilNanos;
    private long notBeforeNanos;
    private double slowdown = 1.0;

    /**
     * @param requestsPerMinute configured budget, 0 = none
     * @param bytesPerMinute    configured budget of request body bytes, 0 = none
     * @param maxInFlight       requests open at once, 0 = no cap
     */
    Pacer(String name, boolean followHeaders, long requestsPerMinute, long bytesPerMinute, int maxInFlight) {
        this.name = name;
        this.followHeaders = followHeaders;
        this.configuredIntervalNanos = requestsPerMinute > 0 ? MINUTE_NANOS / requestsPerMinute : 0;
        this.bytesPerMinute = bytesPerMinute;
        this.requests = new Budget(name + "-requests");
        this.bytes = bytesPerMinute > 0 ? new Budget(name + "-bytes") : null;
        this.inFlight = maxInFlight > 0 ? new Semaphore(maxInFlight, true) : null;
    }

    /** A request's hold on its slot, to give back once with what the provider answered. */
    public final class Permit {
        private boolean firstCallHeld;
        private boolean inFlightHeld;
        private boolean done;

        private Permit() {
        }

        /**
         * The answer arrived (or did not: {@code status} -1): its rate headers are read and the slot is
         * given back. Safe to call twice; only the first counts.
         */
        public void done(int status, RetryRules.Header headers) {
            if (done) {
                return;
            }
            done = true;
            try {
                if (status > 0) {
                    observe(status, headers);
                }
            } finally {
                if (inFlightHeld) {
                    inFlight.release();
                }
                if (firstCallHeld) {
                    firstCall.release();
                }
            }
        }
    }

    /**
     * Waits until a request with a body of {@code bodyBytes} may go to this account, and holds its slot.
     *
     * @throws InterruptedIOException when the thread is interrupted while waiting (Filegate stopping)
     */
    public Permit acquire(long bodyBytes) throws InterruptedIOException {
        Permit permit = new Permit();
        try {
            // a first request that takes long (one large file) holds the others back only so long
            if (followHeaders && !answered && firstCall.tryAcquire(FIRST_ANSWER_WAIT_MS, TimeUnit.MILLISECONDS)) {
                if (answered) {
                    firstCall.release();
                } else {
                    permit.firstCallHeld = true;
                }
            }
            if (inFlight != null) {
                inFlight.acquire();
                permit.inFlightHeld = true;
            }
            long wait = bytes != null && bodyBytes > 0 ? bytes.book(nanosOfBytes(bodyBytes)) : 0;
            while (true) {
                long interval = interval();
                sleep(Math.max(wait, interval > 0 ? requests.book(interval) : 0));
                wait = 0;
                long pause = pauseLeft();
                if (pause <= 0) {
                    break;
                }
                // a 429 (or a spent limit) paused the account while this request waited for its slot: it
                // waits out the pause and takes a new slot, so the requests that waited go one by one after
                // it instead of all at once
                sleep(pause);
            }
            return permit;
        } catch (InterruptedException | RuntimeException e) {
            permit.done(-1, null);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                InterruptedIOException io = new InterruptedIOException("interrupted while waiting to send to " + name);
                io.initCause(e);
                throw io;
            }
            throw (RuntimeException) e;
        }
    }

    private long nanosOfBytes(long bodyBytes) {
        double nanos = (double) bodyBytes * MINUTE_NANOS / bytesPerMinute;
        return (long) Math.min(nanos, Long.MAX_VALUE / 2.0);
    }

    /** Spacing between two requests now, 0 = unpaced. */
    private synchronized long interval() {
        long base = Math.max(configuredIntervalNanos, learnedIntervalNanos);
        if (spreadUntilNanos - System.nanoTime() > 0) {
            base = Math.max(base, spreadIntervalNanos);
        }
        return (long) (base * slowdown);
    }

    private synchronized long pauseLeft() {
        return notBeforeNanos - System.nanoTime();
    }

    private static void sleep(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private void observe(int status, RetryRules.Header headers) {
        answered = true;
        if (!followHeaders || headers == null) {
            return;
        }
        RateHeaders h = RateHeaders.read(headers);
        long now = System.nanoTime();
        synchronized (this) {
            if (h.limitRequests() > 0) {
                long learned = MINUTE_NANOS / h.limitRequests();
                if (learned != learnedIntervalNanos) {
                    LOG.info("{}: pacing at {} requests/minute, as its x-ratelimit-limit-requests says{}", name,
                            h.limitRequests(), configuredIntervalNanos > learned ? " (the configured"
                                    + " requests-per-minute is lower and wins)" : "");
                    learnedIntervalNanos = learned;
                }
            }
            if (h.remainingRequests() >= 0 && h.resetRequestsMs() > 0) {
                spread(h.remainingRequests(), TimeUnit.MILLISECONDS.toNanos(h.resetRequestsMs()), now);
            }
            if (h.remainingTokens() == 0 && h.resetTokensMs() > 0) {
                // the account's tokens are spent (other work on the same key): nothing goes before they return
                notBeforeNanos = Math.max(notBeforeNanos, now + TimeUnit.MILLISECONDS.toNanos(h.resetTokensMs()));
            }
            if (status == 429) {
                rateLimited(h.waitMs(), now);
            } else if (slowdown > 1.0) {
                slowdown = Math.max(1.0, slowdown - 0.01);
            }
        }
    }

    /**
     * Fewer requests remain than the pace would send before the reset: send only those, evenly, until
     * then (for a provider that refills continuously this settles at about half its burst, at full pace).
     */
    private void spread(long remaining, long resetNanos, long now) {
        long pace = Math.max(configuredIntervalNanos, learnedIntervalNanos);
        // with no pace known, remaining and reset are all there is to go by
        if (pace > 0 && remaining * pace >= resetNanos) {
            spreadUntilNanos = now;
            return;
        }
        spreadIntervalNanos = resetNanos / (remaining + 1);
        spreadUntilNanos = now + resetNanos;
        if (remaining == 0) {
            notBeforeNanos = Math.max(notBeforeNanos, now + resetNanos);
        }
    }

    private void rateLimited(long waitMs, long now) {
        long until = now + TimeUnit.MILLISECONDS.toNanos(Math.max(0, waitMs));
        boolean newPause = notBeforeNanos - now <= 0;
        notBeforeNanos = Math.max(notBeforeNanos, until);
        if (learnedIntervalNanos > 0 || configuredIntervalNanos > 0 || spreadUntilNanos - now > 0) {
            slowdown = Math.min(MAX_SLOWDOWN, slowdown * SLOWDOWN_STEP);
        }
        if (newPause) {
            LOG.info("{}: rate-limited (429); its requests pause {} ms{}", name, Math.max(0, waitMs),
                    slowdown > 1.0 ? " and go on at " + Math.round(100 / slowdown) + " % of the pace" : "");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
