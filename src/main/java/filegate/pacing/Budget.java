package filegate.pacing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;

/**
 * A schedule of requests measured in time: each request books how much of the provider's minute it uses
 * (60 s / requests-per-minute, or its bytes / bytes-per-minute) and starts when the bookings before it are
 * used up. Resilience4j's {@link AtomicRateLimiter} keeps the books: one permit is {@value #UNIT_NANOS} ns
 * of budget, {@value #PER_CYCLE} of them come every {@value #CYCLE_MS} ms, and a booking may run into the
 * future (a negative balance), which is what makes several threads queue up in order rather than race.
 * Costs may change from one request to the next (the rate learnt from headers moves), with no new limiter.
 * <p>
 * A request waits only until its own slot <em>begins</em>: Resilience4j answers how long until the whole
 * booking is covered, so the cost itself is taken off again. A large file therefore goes at once and the
 * requests after it wait for the bytes it used, instead of the file waiting for its own bytes.
 */
final class Budget {
    static final long UNIT_NANOS = 100_000;
    static final long CYCLE_MS = 10;
    static final int PER_CYCLE = (int) (TimeUnit.MILLISECONDS.toNanos(CYCLE_MS) / UNIT_NANOS);
    /** Longest queue of bookings accepted; past it a booking is refused (a misconfiguration, not a load). */
    static final Duration LONGEST_QUEUE = Duration.ofHours(24);

    private final AtomicRateLimiter limiter;

    Budget(String name) {
        limiter = new AtomicRateLimiter(name, RateLimiterConfig.custom()
                .limitRefreshPeriod(Duration.ofMillis(CYCLE_MS))
                .limitForPeriod(PER_CYCLE)
                .timeoutDuration(LONGEST_QUEUE)
                .build());
    }

    /**
     * Books {@code costNanos} of the schedule and says how long the caller waits before its slot begins.
     *
     * @throws IllegalStateException when the bookings ahead already reach {@link #LONGEST_QUEUE}
     */
    long book(long costNanos) {
        long units = Math.max(1, Math.min(Integer.MAX_VALUE / 4, (costNanos + UNIT_NANOS - 1) / UNIT_NANOS));
        long untilCovered = limiter.reservePermission((int) units);
        if (untilCovered < 0) {
            throw new IllegalStateException("more than " + LONGEST_QUEUE.toHours() + " h of requests are queued");
        }
        return Math.max(0, untilCovered - units * UNIT_NANOS);
    }
}
