package filegate.pipeline;

import filegate.provider.Answers;
import filegate.provider.Provider;
import filegate.provider.ProviderError;
import filegate.provider.RetryRules;
import filegate.provider.RetryableUploadException;
import filegate.provider.UploadException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The answer to one provider request, whichever it was (a single upload, a page of the file list, one call
 * of the Uploads API), read in one way: stored (the caller parses the body), retry after a wait (thrown
 * as {@link RetryableUploadException}, the wait handed to Camel's redelivery as
 * {@code CamelRedeliveryDelay}), or failed with a hint ({@link UploadException}). Retries, reconciliation
 * and recording are then written once, on top of these two exceptions.
 */
final class ProviderCall {
    private final Provider provider;
    private final Message msg;
    private final int status;
    private final String body;
    private ProviderError error;

    private ProviderCall(Provider provider, Message msg, long cap) {
        this.provider = provider;
        this.msg = msg;
        this.status = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        // bounded, and with the key taken out should a server echo it
        this.body = provider.redact(Answers.read(msg, cap));
    }

    /** Reads the answer camel-http left in the message, at most {@code cap} bytes of it. */
    static ProviderCall answer(Provider provider, Message msg, long cap) {
        return new ProviderCall(provider, msg, cap);
    }

    int status() {
        return status;
    }

    String body() {
        return body;
    }

    /** Any 2xx. */
    boolean ok() {
        return status >= 200 && status <= 299;
    }

    /** What the provider said, with the target of a redirect named. */
    ProviderError error() {
        if (error == null) {
            error = RetryRules.located(provider.profile().parseError(status, body,
                    msg.getHeader("x-request-id", String.class)), msg.getHeader("Location", String.class));
        }
        return error;
    }

    RetryRules.Header headers() {
        return name -> msg.getHeader(name, String.class);
    }

    /** Whether trying again may succeed (429, 5xx, or what the provider's answer says). */
    boolean retryable() {
        return RetryRules.retryable(status, error(), headers());
    }

    /**
     * How long the provider asked us to wait, -1 when it did not say; with {@code rateLimitReset} a 429
     * without Retry-After is read from its x-ratelimit-reset-* headers too.
     */
    long waitMs(boolean rateLimitReset) {
        long wait = RetryRules.retryAfterMs(headers());
        if (wait < 0 && rateLimitReset && status == 429) {
            wait = RetryRules.rateLimitResetMs(headers());
        }
        return wait;
    }

    /** The retry of this answer: the wait asked for (capped) becomes the next redelivery's delay. */
    RetryableUploadException retry(String hint, long waitMs, long maxWaitMs) {
        if (waitMs >= 0) {
            msg.setHeader(Exchange.REDELIVERY_DELAY, Math.min(waitMs, maxWaitMs));
        }
        return new RetryableUploadException(error(), hint, waitMs);
    }

    /** Given up: {@code ambiguous} when the provider may have stored the file anyway. */
    UploadException failed(String hint, boolean ambiguous) {
        return new UploadException(error(), hint, ambiguous);
    }
}
