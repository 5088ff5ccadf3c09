package filegate.source;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

import filegate.manifest.Claim;
import filegate.manifest.ClaimLostException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileOnCompletion;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.support.LoggingExceptionHandler;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drop-folder source, bound as {@value #BEAN}: the {@code drop-folder} route calls it on each file
 * camel-file takes, and it turns that file into a {@link SourceItem} whose commit moves it (the route's
 * {@code move} option reads the target from the exchange property {@value #MOVE_TO} when the exchange
 * completes): to {@code .done/<yyyy-MM-dd>/}, to {@value #HOLD_DIR}{@code /} while a provider's processing
 * verdict is awaited, or to {@code .failed/} with its {@code .error.json} beside it. A file that changed
 * since it was read is not moved at all.
 */
public final class DropFolder implements Processor, ItemCommitter {
    public static final String BEAN = "dropFolder";
    /** The exchange property the drop folder's {@code move} option reads (routes/drop-folder.camel.yaml). */
    public static final String MOVE_TO = "fgMoveTo";
    /** The handler camel-file's move (on completion) logs its errors with (routes/drop-folder.camel.yaml). */
    public static final String MOVE_ERRORS = "fileMoveErrors";
    /** Where a drop-folder file waits for the provider's processing verdict (filegate.lifecycle). */
    public static final String HOLD_DIR = ".processing";
    /** Logged as the pipeline, as before the drop folder had a class of its own (log settings name it). */
    private static final Logger LOG = LoggerFactory.getLogger("filegate.pipeline.Pipeline");

    private final SyncTracker tracker;

    public DropFolder(SyncTracker tracker) {
        this.tracker = tracker;
    }

    /**
     * What camel-file would make for every file itself (a WARN under GenericFileOnCompletion's logger), made
     * once: a new one per file looked its logger up each time, by a walk of the caller's stack.
     */
    public static ExceptionHandler moveErrors(CamelContext context) {
        return new LoggingExceptionHandler(context, GenericFileOnCompletion.class);
    }

    /** camel-file's file → an item; a file whose exchange fails stays, and a one-shot run does not take it again. */
    @Override
    public void process(Exchange exchange) {
        @SuppressWarnings("unchecked")
        GenericFile<File> gf = exchange.getMessage().getBody(GenericFile.class);
        String taken = gf.getAbsoluteFilePath();
        // with a shared store the read lock claimed the file for this node (FileClaims)
        SourceItem item = new SourceItem(SourcePaths.display(gf), SourcePaths.relative(gf), Path.of(taken),
                Path.of(gf.getEndpointPath()).toAbsolutePath(), null, null,
                exchange.getProperty(Claim.PROPERTY, Claim.class), null, this);
        exchange.setProperty(SourceItem.PROPERTY, item);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onFailure(Exchange failed) {
                Exception e = failed.getException();
                if (claimLost(e)) {
                    return; // another node has the file now: its outcome is that node's, not this run's
                }
                if (e instanceof FileChangedException) {
                    tracker.changed(taken, e.getMessage());
                    return;
                }
                tracker.stayed(taken, e == null ? "its processing failed" : String.valueOf(e.getMessage()));
            }
        });
    }

    /** Decides where the file goes; a failed file gets its sidecar before it moves (on completion). */
    @Override
    public void commit(SourceItem item, ItemVerdict verdict, Exchange exchange) throws IOException {
        // a file written to since it was read stays: the next scan takes it as a new version
        String change = item.readAt() == null ? null : item.readAt().changeSince(item.path());
        if (change != null || verdict.sentChangedBytes()) {
            FileChangedException e = new FileChangedException(change != null ? change + " since it was read"
                    : "the provider got bytes that were not validated");
            LOG.warn("{} is not archived: {}; it stays where it is and is taken again as a new version once it is"
                    + " still", item.source(), e.getMessage());
            throw e;
        }
        Path root = item.root();
        Path target;
        if (verdict.held()) {
            // not in .done/ before the provider says it can use the file (docs/after-upload.md)
            target = unique(root.resolve(HOLD_DIR).resolve(item.rel()));
        } else if (verdict.delivered()) {
            String day = LocalDate.now(ZoneOffset.UTC).toString();
            target = unique(root.resolve(".done").resolve(day).resolve(item.rel()));
        } else {
            target = unique(root.resolve(".failed").resolve(item.rel()));
            verdict.writeSidecars(target);
        }
        item.movingTo(target);
        exchange.setProperty(MOVE_TO, target.toString());
    }

    /** Never overwrite an earlier file of the same name: add ~2, ~3 ... before the extension. */
    public static Path unique(Path target) {
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

    private static boolean claimLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ClaimLostException) {
                return true;
            }
        }
        return false;
    }
}
