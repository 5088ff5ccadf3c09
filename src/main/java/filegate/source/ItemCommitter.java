package filegate.source;

import java.io.IOException;

import org.apache.camel.Exchange;

/**
 * A source's side of "done": what happens to an item once every delivery's outcome is durable (move it to
 * {@code .done/}, tag / copy / delete an S3 object, or leave it with a report). Camel's own shape for this
 * is camel-file's {@code GenericFileProcessStrategy.commit}; ours takes the verdict instead of a bare
 * success, because a rejected file is committed too (to {@code .failed/} with its report).
 */
@FunctionalInterface
public interface ItemCommitter {
    /** For items handed over by hand (tests, one-off ingests): nothing to move, tag or report. */
    ItemCommitter NONE = (item, verdict, exchange) -> { };

    /**
     * Runs on a pipeline thread after the item's outcome lines are on disk, never in a dry run. Throwing
     * fails the exchange: the item stays where it is, as for an outcome that could not be recorded.
     */
    void commit(SourceItem item, ItemVerdict verdict, Exchange exchange) throws IOException;
}
