package filegate.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

import filegate.source.FileChangedException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static filegate.pipeline.Flow.item;

/**
 * Step "commit": decides where the source file goes once every delivery has its outcome ({@code .done/}
 * or {@code .failed/} with its sidecars), and completes the exchange only once the outcome lines are
 * durable, so the source never moves before the manifest says what happened.
 */
final class Commit implements Processor {
    /** Logged as the pipeline, as before the steps had classes of their own (log settings name it). */
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** The exchange property the drop folder's {@code move} option reads. */
    static final String MOVE_TO = Pipeline.MOVE_TO;
    private final Outcomes outcomes;
    /** Completes exchanges whose outcome lines became durable (camel-file's move runs there). */
    private final ExecutorService committers;

    Commit(Outcomes outcomes, ExecutorService committers) {
        this.outcomes = outcomes;
        this.committers = committers;
    }

    /** Decide where the source goes; a failed file gets its sidecar before it moves. */
    @Override
    public void process(Exchange exchange) throws IOException {
        Item item = item(exchange);
        if (item.root == null || outcomes.dryRun()) {
            return;
        }
        // a file written to since it was read stays: the next scan takes it as a new version
        String change = item.readAt == null ? null : item.readAt.changeSince(item.path);
        if (change != null || item.deliveries.stream().anyMatch(d -> d.event() == Delivery.Event.CHANGED)) {
            FileChangedException e = new FileChangedException(change != null ? change + " since it was read"
                    : "the provider got bytes that were not validated");
            LOG.warn("{} is not archived: {}; it stays where it is and is taken again as a new version once it is"
                    + " still", item.source, e.getMessage());
            throw e;
        }
        Path target;
        if (item.allDelivered() && outcomes.afterUpload().holds(item)) {
            // not in .done/ before the provider says it can use the file (docs/after-upload.md)
            target = unique(item.root.resolve(Pipeline.HOLD_DIR).resolve(item.rel));
        } else if (item.allDelivered()) {
            String day = LocalDate.now(ZoneOffset.UTC).toString();
            target = unique(item.root.resolve(".done").resolve(day).resolve(item.rel));
        } else {
            target = unique(item.root.resolve(".failed").resolve(item.rel));
            outcomes.reports().writeSidecars(item, target);
        }
        item.moveTo = target;
        exchange.setProperty(MOVE_TO, target.toString());
    }

    /** Completes the exchange once the item's outcome lines are durable, on a thread of its own. */
    AsyncProcessorSupport awaitRecorded() {
        return new AwaitRecorded();
    }

    private final class AwaitRecorded extends AsyncProcessorSupport {
        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            Item item = item(exchange);
            long position = item == null ? 0 : item.recordedUpTo.get();
            if (position == 0) {
                callback.done(true);
                return true;
            }
            outcomes.manifest().whenDurable(position).whenCompleteAsync((ok, failed) -> {
                if (failed != null) {
                    // the source stays where it is and is tried again, as for any manifest failure
                    exchange.setException(failed instanceof CompletionException c ? c.getCause() : failed);
                }
                callback.done(false);
            }, committers);
            return false;
        }
    }

    /** Never overwrite an earlier file of the same name: add ~2, ~3 ... before the extension. */
    static Path unique(Path target) {
        if (!Files.exists(target)) {
            return target;
        }
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 2; ; i++) {
            Path p = target.resolveSibling(stem + "~" + i + ext);
            if (!Files.exists(p)) {
                return p;
            }
        }
    }
}
