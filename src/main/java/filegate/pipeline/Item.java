package filegate.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import filegate.manifest.Claim;
import filegate.rules.Classification;

/** One source file on its way through the pipeline; held in the exchange property {@value #PROPERTY}. */
public final class Item {
    public static final String PROPERTY = "fgItem";

    /** As the manifest names it: drop folder + relative path, or s3://bucket/key. */
    public final String source;
    /** Relative to the source root, '/'-separated: what the rules saw. */
    public final String rel;
    public final Path path;
    /** The drop folder the file came from; null for sources that commit on their own (S3). */
    public final Path root;
    public long bytes;
    public String sha256;
    /** Hashing and validation time. */
    public long prepareMs;
    /** Only computed when some provider gets the file through the Uploads API, which checks it. */
    public String md5;
    public Classification classification;
    public final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    /** Where the source goes once every outcome is durable (absolute path). */
    public Path moveTo;
    /** Drop-folder files: the version read for validation; the file is archived only while it is still this. */
    public filegate.source.FileVersion readAt;
    /** The S3 object's ETag (quotes stripped) for S3 sources; null for files. */
    public String etag;
    /** Manifest position up to which this item's outcome lines reach: durable there before it may move. */
    final AtomicLong recordedUpTo = new AtomicLong();
    /** With a shared store: this node's claim on the item, which fences every line written about it. */
    public Claim claim;
    /** The name the provider sees when the local copy has another (an S3 spool file); null = the file's own. */
    private final String name;

    public Item(String source, String rel, Path path, Path root) {
        this(source, rel, path, root, null);
    }

    public Item(String source, String rel, Path path, Path root, String name) {
        this.source = source;
        this.rel = rel;
        this.path = path;
        this.root = root;
        this.name = name;
    }

    public String filename() {
        return name != null ? name : path.getFileName().toString();
    }

    public boolean allDelivered() {
        return deliveries.stream().allMatch(d -> d.event() == Delivery.Event.UPLOADED || d.event() == Delivery.Event.DUPLICATE);
    }
}
