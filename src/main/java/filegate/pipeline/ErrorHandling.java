package filegate.pipeline;

import java.io.IOException;

import filegate.manifest.ClaimLostException;
import filegate.manifest.ManifestException;
import filegate.provider.RetryableUploadException;
import filegate.source.FileChangedException;
import org.apache.camel.builder.RouteConfigurationBuilder;

import static filegate.pipeline.Flow.delivery;

/**
 * The pipeline's error handling, as Camel route configurations the routes name:
 * <ul>
 *   <li>{@value #QUIET}: failures said once where they are found, left to fail the exchange (the file
 *   stays) without a second stack trace;</li>
 *   <li>{@value #DELIVERY}: one provider's delivery of a file: retried with the shared policy
 *   ({@link Flow#RETRY_POLICY}), a 429's wait apart from the tries ({@link RateLimitWaits}), and once
 *   given up recorded as failed; a manifest that cannot record fails the exchange.</li>
 * </ul>
 * The Uploads API's per-call retries ({@link PartsUpload}) stay in their own route: their failure is not
 * the file's but rethrown to the parts route, which decides what it means.
 */
final class ErrorHandling extends RouteConfigurationBuilder {
    static final String QUIET = "filegate-quiet";
    static final String DELIVERY = "filegate-delivery";
    private final Failures failures;
    private final RetrySettings retry;

    ErrorHandling(Failures failures, RetrySettings retry) {
        this.failures = failures;
        this.retry = retry;
    }

    @Override
    public void configuration() {
        routeConfiguration(QUIET)
                // a file that changed is left for its next version, said once by commit: no stack trace
                .onException(FileChangedException.class).handled(false).logExhausted(false).end()
                // said once where it is found (ItemClaims); the file stays for the node that holds it now
                .onException(ClaimLostException.class).handled(false).logExhausted(false).end();

        routeConfiguration(DELIVERY)
                // the manifest could not record an outcome: fail the exchange so the source stays put
                .onException(ManifestException.class).handled(false).logExhausted(false)
                    .process(failures::notRecorded)
                .end()
                .onException(RetryableUploadException.class, IOException.class)
                    .redeliveryPolicyRef(Flow.RETRY_POLICY)
                    // max-attempts counts failures; a 429 that says when to come back only spends the wait budget
                    .retryWhile(exchange -> RateLimitWaits.again(delivery(exchange), retry))
                    .onRedelivery(failures::beforeRetry)
                    .handled(true)
                    .process(failures::failed)
                .end()
                .onException(Exception.class).handled(true).logExhausted(false).process(failures::failed).end();
    }
}
