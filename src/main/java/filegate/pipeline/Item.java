package filegate.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import filegate.manifest.Claim;
import filegate.rules.Classification;
import filegate.source.ItemCommitter;
import filegate.source.SourceItem;

/**
 * One source file on its way through the pipeline, held in the exchange property {@value #PROPERTY}: what
 * its source handed over ({@link #origin()}, which also commits it) and what the steps found out.
 */
public final class Item {
    public static final String PROPERTY = "fgItem";

    /** As the manifest names it: drop folder + relative path, or s3://bucket/key. */
    public final String source;
    /** Relative to the source root, '/'-separated: what the rules saw. */
    public final String rel;
    public final Path path;
    /** The folder the file must stay inside while it is read; null for a source's spool copy (S3). */
    public final Path root;
    public long bytes;
    public String sha256;
    /** Hashing and validation time. */
    public long prepareMs;
    /** Only computed when some provider gets the file through the Uploads API, which checks it. */
    public String md5;
    public Classification classification;
    public final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    /** The S3 object's ETag (quotes stripped) for S3 sources; null for files. */
    public final String etag;
    /** Manifest position up to which this item's outcome lines reach: durable there before it may move. */
    final AtomicLong recordedUpTo = new AtomicLong();
    /** With a shared store: this node's claim on the item, which fences every line written about it. */
    public Claim claim;
    /** The name the provider sees when the local copy has another (an S3 spool file); null = the file's own. */
    private final String name;
    private final SourceItem origin;

    /** A file handed over by hand (no source to commit it to): nothing moves once it is recorded. */
    public Item(String source, String rel, Path path, Path root) {
        this(new SourceItem(source, rel, path, root, null, null, null, null, ItemCommitter.NONE));
    }

    /** What a source handed over; a classification the source made is kept, not decided again. */
    public Item(SourceItem origin) {
        this.origin = origin;
        this.source = origin.source();
        this.rel = origin.rel();
        this.path = origin.path();
        this.root = origin.root();
        this.name = origin.name();
        this.etag = origin.etag();
        this.claim = origin.claim();
        this.classification = origin.classification();
    }

    /** The source's side of the item: the version read, and its commit. */
    public SourceItem origin() {
        return origin;
    }

    public String filename() {
        return name != null ? name : path.getFileName().toString();
    }

    public boolean allDelivered() {
        return deliveries.stream().allMatch(d -> d.event() == Delivery.Event.UPLOADED || d.event() == Delivery.Event.DUPLICATE);
    }
}
