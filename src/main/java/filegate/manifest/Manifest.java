package filegate.manifest;

import java.io.Closeable;

/**
 * The durable, append-only record of every outcome. Kept behind this small interface so that a
 * shared SQL table can replace the JSONL file when several nodes share the work.
 */
public interface Manifest extends Closeable {

    /** Appends one entry; when this returns the line is on disk (forced). Stamps {@code ts} if unset. */
    void append(ManifestEntry entry);

    /** What the manifest knows so far: rebuilt from the file at start, kept current by {@link #append}. */
    ManifestIndex index();

    @Override
    void close();
}
