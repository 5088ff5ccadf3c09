package filegate.source;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Poll strategy of every source: lets one-shot modes tell when each source has finished its single
 * poll, so the process can exit once that work (and everything it started) is done.
 */
public final class SyncTracker implements PollingConsumerPollStrategy {
    private final Set<Consumer> polled = ConcurrentHashMap.newKeySet();
    private final Set<String> failures = ConcurrentHashMap.newKeySet();

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        polled.add(consumer);
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        failures.add(endpoint.getEndpointBaseUri() + ": " + cause.getMessage());
        polled.add(consumer);
        return false;
    }

    /**
     * True once every started source using this strategy has completed a poll and no exchange is in
     * flight. A poll returns only after its exchanges were handed on, so in-flight work is seen by then.
     * A source that is off (not started, like the shipped S3 source without a bucket) never polls.
     */
    public boolean done(CamelContext context) {
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof ScheduledPollConsumer c && c.getPollStrategy() == this
                    && !polled.contains(c) && isStarted(context, route)) {
                return false;
            }
        }
        return context.getInflightRepository().size() == 0;
    }

    private static boolean isStarted(CamelContext context, Route route) {
        ServiceStatus status = context.getRouteController().getRouteStatus(route.getRouteId());
        return status != null && (status.isStarted() || status.isStarting());
    }

    /** A source that polls on its own terms (S3) reports a failed listing here, as a failed poll would be. */
    public void sourceFailed(String description) {
        failures.add(description);
    }

    /** Sources whose poll failed (an unreadable folder, a missing bucket). */
    public Set<String> failures() {
        return failures;
    }
}
