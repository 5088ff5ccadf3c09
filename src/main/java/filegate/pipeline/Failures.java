package filegate.pipeline;

import java.io.IOException;
import java.util.Map;

import filegate.net.TlsProblems;
import filegate.manifest.ClaimLostException;
import filegate.provider.RetryableUploadException;
import filegate.provider.UploadException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static filegate.pipeline.Flow.delivery;
import static filegate.pipeline.Flow.item;

/**
 * What happens when a provider call fails: before a retry (log, count, reconcile first if the try may have
 * arrived) and once retries are spent (the failed outcome, with a hint a person can act on).
 */
final class Failures {
    /** Logged as the pipeline, as before the steps had classes of their own (log settings name it). */
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private final Outcomes outcomes;
    private final Progress progress;
    private final RetrySettings retry;

    Failures(Outcomes outcomes, Progress progress, RetrySettings retry) {
        this.outcomes = outcomes;
        this.progress = progress;
        this.retry = retry;
    }

    /**
     * Whether a failed attempt may have left the file at the provider: anything after the connection
     * was made, except a 429 (refused before it was read).
     */
    static boolean ambiguous(Throwable cause) {
        if (cause instanceof RetryableUploadException r) {
            return r.error().httpStatus() != 429;
        }
        if (cause instanceof UploadException u) {
            return u.ambiguous();
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException
                    || t instanceof org.apache.hc.client5.http.ConnectTimeoutException
                    // the handshake comes before the request: an untrusted server got nothing
                    || TlsProblems.untrusted(t)) {
                return false;
            }
        }
        return cause instanceof IOException;
    }

    void beforeRetry(Exchange exchange) {
        Delivery d = delivery(exchange);
        progress.end(d.transfer());
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        outcomes.retrying(d);
        if (ambiguous(cause)) {
            d.mayHaveArrived();
        }
        Long wait = exchange.getMessage().getHeader(Exchange.REDELIVERY_DELAY, Long.class);
        if (d.lastWasWait()) {
            LOG.info("rate-limited: {} -> {} waits {} ms as the provider asked ({} of {} s of this file's wait"
                    + " budget used)", item(exchange).source(), d.provider().name(), wait, d.waitedMs() / 1000,
                    retry.maxWaitMs() / 1000);
            return;
        }
        LOG.warn("retrying upload of {} to {} (attempt {} of {}{}): {}", item(exchange).source(), d.provider().name(),
                d.attempts() - d.waits() + 1, retry.maxAttempts(), wait == null ? "" : ", waiting " + wait + " ms as asked",
                d.provider().redact(String.valueOf(cause == null ? "?" : cause.getMessage())));
    }

    void failed(Exchange exchange) {
        Delivery d = delivery(exchange);
        Item item = item(exchange);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (d == null) {
            throw new IllegalStateException("upload failed before it started", cause);
        }
        progress.end(d.transfer());
        boolean ambiguous = d.attemptId() != null && ambiguous(cause);
        if (cause instanceof UploadException u) {
            d.failed(u.error().toMap(), d.lastWasWait() ? RateLimitWaits.budgetSpent(d, retry) : u.hint()
                    + (cause instanceof RetryableUploadException ? " (gave up after " + d.attempts() + " attempts)" : ""),
                    ambiguous);
        } else {
            String message = d.provider().redact(String.valueOf(cause == null ? "unknown error" : cause.getMessage()));
            d.failed(Map.of("type", cause == null ? "unknown" : cause.getClass().getSimpleName(), "message", message),
                    cause instanceof IOException
                    ? "could not talk to " + d.provider().uploadUrl().split("\\?")[0] + " after " + d.attempts()
                      + " attempts; check the network and filegate.providers." + d.provider().name() + ".base-url"
                      + TlsProblems.hint(cause)
                    : "unexpected error; see the log", ambiguous);
        }
        outcomes.record(item, d);
    }

    /** One line a person can act on, instead of Camel's stack trace per file. */
    void notRecorded(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Delivery d = delivery(exchange);
        if (cause instanceof ClaimLostException) {
            // another node's work now, not a fault here
            ItemClaims.LOG.warn("{}: {}", item(exchange).source(), cause.getMessage());
            return;
        }
        LOG.error("{}{}: {}", item(exchange).source(), d == null ? "" : " -> " + d.provider().name(),
                cause == null ? "its outcome could not be recorded" : cause.getMessage());
    }
}
