package filegate.pipeline;

/**
 * A 429 that says when to come back (Retry-After, retry-after-ms, x-ratelimit-reset-*) is a wait, not a
 * failed attempt: such tries do not count against {@code filegate.retry.max-attempts}, only against one
 * budget of waiting per file ({@code filegate.retry.max-wait-seconds}). Everything else retries as before.
 * Decided without side effects, so Camel may ask as often as it likes: the wait is booked when the answer
 * is read ({@link #booked}).
 */
final class RateLimitWaits {
    private RateLimitWaits() {
    }

    /** The provider asked for {@code waitMs}; called once per 429 answer that said when to come back. */
    static void booked(Delivery d, long waitMs) {
        d.waitBooked(waitMs);
    }

    /** Whether the failed try is worth another (Camel's retryWhile for every provider call of a delivery). */
    static boolean again(Delivery d, RetrySettings retry) {
        if (d.lastWasWait()) {
            return d.waitedMs() <= retry.maxWaitMs();
        }
        return d.attempts() - d.waits() < retry.maxAttempts();
    }

    /** Said when the wait budget ran out, instead of "gave up after N attempts". */
    static String budgetSpent(Delivery d, RetrySettings retry) {
        return "the provider kept asking to wait (rate limit): " + d.waits() + " waits, " + (d.waitedMs() / 1000)
                + " s in all, more than filegate.retry.max-wait-seconds (" + retry.maxWaitMs() / 1000 + " s)"
                + " allows for one file; retry later, or lower filegate.parallel-files";
    }
}
