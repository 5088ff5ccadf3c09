package filegate.source.s3;

import java.util.function.Consumer;

import filegate.source.SourceItem;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Polls an S3 source as camel-file polls a folder: {@link #poll()} runs on the consumer's scheduler thread,
 * outside any exchange, and hands each new object to the route as an exchange of its own without waiting
 * for it (the asynchronous routing engine, as a batch consumer does). The route's {@code direct:ingest}
 * queues it for an upload thread ({@code filegate.parallel-files}), or, when that queue is full, has this
 * thread run it (caller runs): the same back-pressure a drop folder gets. The poll returns once every object
 * it handed over is finished, so {@code --sync} (the {@code #syncTracker} poll strategy and
 * {@code repeatCount}) ends when the work is done.
 * <p>
 * Why not a bean called from a {@code scheduler:} route: that poll runs inside the scheduler's exchange,
 * and a send from there queues the new exchange's work on the same thread's reactive executor, which is
 * blocked waiting for it.
 */
final class S3SourceConsumer extends ScheduledPollConsumer {
    private final S3Source source;

    S3SourceConsumer(S3SourceEndpoint endpoint, Processor processor, S3Source source) {
        super(endpoint, processor);
        this.source = source;
    }

    @Override
    protected void doStart() throws Exception {
        source.start(getEndpoint().getCamelContext());
        super.doStart();
    }

    @Override
    protected int poll() throws Exception {
        // a route being stopped or suspended (graceful shutdown) takes nothing more; the rest waits for the next start
        return source.poll(this::handOver, () -> !isPollAllowed() || getEndpoint().getCamelContext().isStopping());
    }

    /** One object into the route; {@code finished} runs once its exchange is complete, on whichever thread. */
    private void handOver(SourceItem item, Consumer<Exchange> finished) {
        Exchange exchange = createExchange(false);
        exchange.setProperty(SourceItem.PROPERTY, item);
        getAsyncProcessor().process(exchange, doneSync -> {
            try {
                finished.accept(exchange);
            } finally {
                releaseExchange(exchange, false);
            }
        });
    }
}
