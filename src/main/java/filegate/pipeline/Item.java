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

    /** Found by the prepare step: size, content hash and (for the Uploads API) MD5, and how long it took. */
    private volatile long bytes;
    private volatile String sha256;
    private volatile String md5;
    private volatile long prepareMs;
    /** The source's classification, or the one the prepare step made when the source made none. */
    private volatile Classification classification;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    /** Manifest position up to which this item's outcome lines reach: durable there before it may move. */
    final AtomicLong recordedUpTo = new AtomicLong();
    private final SourceItem origin;

    /** A file handed over by hand (no source to commit it to): nothing moves once it is recorded. */
    public Item(String source, String rel, Path path, Path root) {
        this(new SourceItem(source, rel, path, root, null, null, null, null, ItemCommitter.NONE));
    }

    /** What a source handed over; a classification the source made is kept, not decided again. */
    public Item(SourceItem origin) {
        this.origin = origin;
        this.classification = origin.classification();
    }

    // what the source handed over: read from it, never copied

    /** As the manifest names it: drop folder + relative path, or s3://bucket/key. */
    public String source() {
        return origin.source();
    }

    /** Relative to the source root, '/'-separated: what the rules saw. */
    public String rel() {
        return origin.rel();
    }

    public Path path() {
        return origin.path();
    }

    /** The folder the file must stay inside while it is read; null for a source's spool copy (S3). */
    public Path root() {
        return origin.root();
    }

    /** The S3 object's ETag (quotes stripped) for S3 sources; null for files. */
    public String etag() {
        return origin.etag();
    }

    /** With a shared store: this node's claim on the item, which fences every line written about it. */
    public Claim claim() {
        return origin.claim();
    }

    // what the steps found out, each set by the transition that finds it

    /** The prepare step classified a file its source handed over unclassified. */
    void classified(Classification c) {
        this.classification = c;
    }

    /** The size seen before reading (what a refusal on size reports). */
    void sized(long size) {
        this.bytes = size;
    }

    /** Hashed and checked: what every delivery of this item sends and records. */
    void prepared(long size, String sha256, String md5, long ms) {
        this.bytes = size;
        this.sha256 = sha256;
        this.md5 = md5;
        this.prepareMs = ms;
    }

    public Classification classification() {
        return classification;
    }

    public long bytes() {
        return bytes;
    }

    public String sha256() {
        return sha256;
    }

    /** Only computed when some provider gets the file through the Uploads API, which checks it. */
    public String md5() {
        return md5;
    }

    /** Hashing and validation time. */
    public long prepareMs() {
        return prepareMs;
    }

    /** One per provider the file goes to, added by the prepare step. */
    public List<Delivery> deliveries() {
        return deliveries;
    }

    /** The source's side of the item: the version read, and its commit. */
    public SourceItem origin() {
        return origin;
    }

    public String filename() {
        // the name the provider sees when the local copy has another (an S3 spool file)
        return origin.name() != null ? origin.name() : path().getFileName().toString();
    }

    public boolean allDelivered() {
        return deliveries.stream().allMatch(d -> d.event() == Delivery.Event.UPLOADED || d.event() == Delivery.Event.DUPLICATE);
    }
}
