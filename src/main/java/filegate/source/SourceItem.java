package filegate.source;

import java.io.IOException;
import java.nio.file.Path;

import filegate.manifest.Claim;
import filegate.rules.Classification;
import org.apache.camel.Exchange;

/**
 * What a source hands the pipeline, in the exchange property {@value #PROPERTY}: a local file to read,
 * what the manifest calls it, the version it was read at, and the source's own way to commit it once all
 * its deliveries are recorded ({@link ItemCommitter}). The pipeline reads and commits an item through
 * this class alone and never asks which kind of source it came from.
 */
public final class SourceItem {
    public static final String PROPERTY = "fgSourceItem";

    private final String source;
    private final String rel;
    private final Path path;
    private final Path root;
    private final String name;
    private final String etag;
    private final Claim claim;
    private final Classification classification;
    private final ItemCommitter committer;
    private final LocalCopy localCopy;
    /** Set before the first byte is read: what was validated is what may be archived (drop folder). */
    private volatile FileVersion readAt;
    /** Where the committer moved (or will move) the file; null until committed, and for sources that do not move. */
    private volatile Path movedTo;

    /**
     * @param source         as the manifest names it: drop folder + relative path, or s3://bucket/key
     * @param rel            relative to the source root, '/'-separated: what the rules see
     * @param path           the local file to read (the file itself, or a spool copy)
     * @param root           the folder the file must stay inside while it is read; null for a local copy
     *                       of the source's own (a spool file), which needs no such check
     * @param name           the name the provider sees when the local copy has another; null = the file's own
     * @param etag           the version the source read (an S3 ETag, quotes stripped); null for files
     * @param claim          this node's claim on the item with a shared store; null otherwise
     * @param classification what the source's rules decided; null = the pipeline classifies
     */
    public SourceItem(String source, String rel, Path path, Path root, String name, String etag, Claim claim,
                      Classification classification, ItemCommitter committer) {
        this(source, rel, path, root, name, etag, claim, classification, committer, LocalCopy.IN_PLACE);
    }

    /**
     * An item whose bytes are elsewhere (an S3 object) until {@code localCopy} brings them to {@code path},
     * on the upload thread that then reads them.
     */
    public SourceItem(String source, String rel, Path path, Path root, String name, String etag, Claim claim,
                      Classification classification, ItemCommitter committer, LocalCopy localCopy) {
        this.localCopy = localCopy;
        this.source = source;
        this.rel = rel;
        this.path = path;
        this.root = root;
        this.name = name;
        this.etag = etag;
        this.claim = claim;
        this.classification = classification;
        this.committer = committer;
    }

    public String source() {
        return source;
    }

    public String rel() {
        return rel;
    }

    public Path path() {
        return path;
    }

    public Path root() {
        return root;
    }

    public String name() {
        return name;
    }

    public String etag() {
        return etag;
    }

    public Claim claim() {
        return claim;
    }

    public Classification classification() {
        return classification;
    }

    /**
     * Called first by the upload thread that takes the item: a source whose bytes live elsewhere (S3)
     * brings them to {@link #path()} now, so however many items a source hands over, only those an upload
     * thread works on have a local copy ({@code filegate.parallel-files}). False when there is nothing to
     * read any more (the object changed or vanished since it was listed; the source has said why): the
     * pipeline then drops the item without an outcome.
     */
    public boolean fetch() {
        return localCopy.fetch(this);
    }

    /** The pipeline will not read the file again (every delivery is decided): a local copy may go now. */
    public void readDone() {
        localCopy.release(this);
    }

    /** Called once, before the pipeline first reads the file: a local file remembers the version read. */
    public void beforeRead() throws IOException {
        if (root != null) {
            readAt = FileVersion.of(path);
        }
    }

    /** The version read for validation; null before {@link #beforeRead()} and for spool copies. */
    public FileVersion readAt() {
        return readAt;
    }

    /** Where a committed file went (for {@code .processing/} holds); null for sources that do not move files. */
    public Path movedTo() {
        return movedTo;
    }

    void movingTo(Path target) {
        movedTo = target;
    }

    /** Commits the item by its source's rules, once every outcome line about it is durable. */
    public void commit(ItemVerdict verdict, Exchange exchange) throws IOException {
        committer.commit(this, verdict, exchange);
    }

    /** How a source whose bytes are elsewhere makes the local copy the pipeline reads, and lets it go. */
    public interface LocalCopy {
        /** A file that is read where it lies: nothing to fetch, nothing to let go. */
        LocalCopy IN_PLACE = new LocalCopy() {
            @Override
            public boolean fetch(SourceItem item) {
                return true;
            }

            @Override
            public void release(SourceItem item) {
            }
        };

        /** Brings the bytes to {@link SourceItem#path()}; false when there is nothing to read any more. */
        boolean fetch(SourceItem item);

        /** The bytes are no longer read; also called, harmlessly, for an item that was never fetched. */
        void release(SourceItem item);
    }
}
