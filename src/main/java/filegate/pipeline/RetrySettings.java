package filegate.pipeline;

import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/** How failed attempts are repeated; Retry-After wins over the backoff, up to {@code maxRetryAfterMs}. */
public record RetrySettings(int maxAttempts, long initialDelayMs, long maxDelayMs, long maxRetryAfterMs,
                            long maxWaitMs) {
    /** The one policy of every provider call; a Retry-After arrives as CamelRedeliveryDelay and wins. */
    RedeliveryPolicy policy() {
        RedeliveryPolicy p = new RedeliveryPolicy();
        p.setMaximumRedeliveries(maxAttempts - 1);
        p.setRedeliveryDelay(initialDelayMs);
        p.setUseExponentialBackOff(true);
        p.setBackOffMultiplier(2);
        p.setMaximumRedeliveryDelay(maxDelayMs);
        p.setUseCollisionAvoidance(true);
        // attempts are logged by the pipeline itself, in words a person can act on
        p.setRetryAttemptedLogLevel(LoggingLevel.OFF);
        p.setLogRetryAttempted(false);
        p.setLogExhausted(false);
        return p;
    }
}
