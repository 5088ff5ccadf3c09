package filegate.manifest;

import java.io.Closeable;
import java.util.concurrent.CompletableFuture;

/**
 * The durable, append-only record of every outcome. Kept behind this small interface so that a
 * shared SQL table can replace the JSONL file when several nodes share the work.
 */
public interface Manifest extends Closeable {

    /** Appends one entry; when this returns the line is on disk (forced). Stamps {@code ts} if unset. */
    void append(ManifestEntry entry);

    /**
     * Appends one entry without waiting for the disk, for an outcome whose source is committed later: the
     * index knows it at once; the returned position goes to {@link #whenDurable} before the source may move.
     */
    long appendLater(ManifestEntry entry);

    /**
     * Completes once everything up to {@code position} is on disk, or fails with a {@link ManifestException}.
     * Several waiting lines share one flush.
     */
    CompletableFuture<Void> whenDurable(long position);

    /** What the manifest knows so far: brought up to date from the file at start, kept current by {@link #append}. */
    StoreIndex index();

    /**
     * Claims on items and content shared with other nodes; none for a store only one process writes.
     * Entries carrying a {@link ManifestEntry#fence} are written only while every claim in it is held.
     */
    default Claims claims() {
        return Claims.NONE;
    }

    @Override
    void close();
}
