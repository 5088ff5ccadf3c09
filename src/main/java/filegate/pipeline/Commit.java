package filegate.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

import filegate.source.DropFolder;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.AsyncProcessorSupport;

import static filegate.pipeline.Flow.item;

/**
 * Step "commit": once every outcome line about the item is durable, its source commits it
 * ({@link filegate.source.SourceItem#commit}: a drop folder moves the file, S3 tags / copies / deletes or
 * writes a report), whatever kind of source that is. An item whose lines could not be made durable is not
 * committed: the exchange fails and the source leaves it where it is.
 */
final class Commit implements Processor {
    private final Outcomes outcomes;
    /** Commits items whose outcome lines became durable (camel-file's move runs there, on completion). */
    private final ExecutorService committers;

    Commit(Outcomes outcomes, ExecutorService committers) {
        this.outcomes = outcomes;
        this.committers = committers;
    }

    /** The source commits the item by the verdict; a dry run leaves every source as it found it. */
    @Override
    public void process(Exchange exchange) throws IOException {
        Item item = item(exchange);
        if (item == null || outcomes.dryRun()) {
            return;
        }
        item.origin().commit(new Verdict(item, outcomes), exchange);
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

    /** Never overwrite an earlier file of the same name (see {@link DropFolder#unique}). */
    static Path unique(Path target) {
        return DropFolder.unique(target);
    }
}
