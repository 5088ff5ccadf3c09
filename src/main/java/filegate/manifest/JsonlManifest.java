package filegate.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.core.JsonProcessingException;
import filegate.lock.OwnerLock;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The manifest as a JSON-lines file: one object per line, appended and forced to disk. */
public final class JsonlManifest implements Manifest {
    private static final Logger LOG = LoggerFactory.getLogger(JsonlManifest.class);

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path path;
    private final FileChannel channel;
    /** Held while writable: a second process appending to the same manifest would upload twice. */
    private final OwnerLock owner;
    /** The look-ups, on disk beside the journal; updated under writeLock in journal order. */
    private final IndexFile indexFile;
    private final Object writeLock = new Object();
    /** Bytes this instance appended; guarded by writeLock. */
    private long written;
    /** Where the next line starts in the file; guarded by writeLock. */
    private long journalEnd;
    /** Of those, how many are known to be on disk. */
    private volatile long synced;
    /** Who waits for which position; guarded by itself. */
    private final TreeMap<Long, List<CompletableFuture<Void>>> waiting = new TreeMap<>();
    private volatile boolean closing;
    /** How often the index is saved while lines come in; a crash costs a replay of at most this much. */
    private static final long SAVE_INDEX_NANOS = 5_000_000_000L;
    private final Thread flusher;
    /** How often the file was forced to disk; written by the flusher only. */
    private volatile long forces;

    public JsonlManifest(Path path) {
        this(path, true);
    }

    /** @param writable false for a dry run: the index is read, the file is neither created nor written */
    public JsonlManifest(Path path, boolean writable) {
        this.path = path;
        // before the replay: no other process may append between our reading and our writing
        this.owner = writable ? own(path) : null;
        IndexFile opened = null;
        try {
            opened = IndexFile.open(path, writable);
            indexFile = opened;
            if (!writable) {
                channel = null;
                flusher = null;
                return;
            }
            boolean needsNewline = endsWithoutNewline();
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            if (needsNewline) {
                // a crash cut the last line short: start ours on a fresh line so both stay parseable
                write("\n".getBytes(StandardCharsets.UTF_8));
                indexFile.terminated();
            }
            journalEnd = channel.size();
            flusher = new Thread(this::flushLoop, "filegate-manifest-flush");
            flusher.setDaemon(true);
            flusher.start();
        } catch (IOException | RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            if (owner != null) {
                owner.close();
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new ManifestException("cannot open manifest " + path.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static OwnerLock own(Path path) {
        Path lock = lockFile(path);
        OwnerLock.Result r;
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            r = OwnerLock.acquire(lock);
        } catch (IOException e) {
            throw new ManifestException("cannot lock manifest " + path.toAbsolutePath() + " (" + lock + "): "
                    + e.getMessage(), e);
        }
        return r.taken().orElseThrow(() -> new ManifestInUseException("manifest " + path.toAbsolutePath()
                + " is in use by " + r.heldBy() + " (lock file " + lock + "); one Filegate process per manifest:"
                + " stop the other one, or give this one its own filegate.manifest"));
    }

    /** True when the file does not end with a newline: a crash cut its last line short. */
    private boolean endsWithoutNewline() throws IOException {
        if (!Files.exists(path) || Files.size(path) == 0) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, ch.size() - 1);
            return last.get(0) != '\n';
        }
    }

    @Override
    public void append(ManifestEntry entry) {
        long position = writeLine(entry);
        try {
            whenDurable(position).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof ManifestException m ? m : new ManifestException(e.getMessage(), e);
        }
    }

    @Override
    public long appendLater(ManifestEntry entry) {
        return writeLine(entry);
    }

    /** Writes the whole line and returns the position just after it. */
    private long writeLine(ManifestEntry entry) {
        if (entry.ts == null) {
            entry.ts = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        }
        if (channel == null) {
            throw new IllegalStateException("manifest " + path + " is open read-only (dry run)");
        }
        byte[] line;
        try {
            line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // whole lines under the write lock: concurrent writers never interleave partial lines
            synchronized (writeLock) {
                write(line);
                long start = journalEnd;
                journalEnd += line.length;
                written += line.length;
                indexed(entry, start, line);
                return written;
            }
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The index takes the line just written, in journal order (under writeLock). */
    private void indexed(ManifestEntry entry, long start, byte[] line) {
        try {
            indexFile.appended(entry, start, line, line.length - 1);
        } catch (RuntimeException e) {
            throw new ManifestException("the line is in manifest " + path.toAbsolutePath() + " but its index "
                    + IndexFile.of(path) + " failed (" + e.getMessage() + "); the source stays and is tried again;"
                    + " if this repeats, stop Filegate and delete the index: the next start rebuilds it", e);
        }
    }

    /**
     * Saves the index now and then (and at close): a later start then replays only what came after. The
     * journal is forced first, so a saved index never covers a line that is not on disk.
     */
    private void saveIndexIfDue() {
        if (indexFile.sinceSaved() < SAVE_INDEX_NANOS) {
            return;
        }
        synchronized (writeLock) {
            try {
                channel.force(false);
                indexFile.save();
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot save the manifest index {} ({}); the next start replays the manifest from where it"
                        + " was last saved", IndexFile.of(path), e.getMessage());
            }
        }
    }

    private ManifestException failure(IOException e) {
        return new ManifestException("cannot append to manifest " + path.toAbsolutePath() + ": " + e.getMessage()
                + " (the source file is left where it is and will be retried)", e);
    }

    @Override
    public CompletableFuture<Void> whenDurable(long position) {
        if (position <= synced) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (waiting) {
            if (position <= synced) {
                return CompletableFuture.completedFuture(null);
            }
            if (closing && !flusher.isAlive()) {
                return CompletableFuture.failedFuture(new ManifestException("manifest " + path.toAbsolutePath()
                        + " was closed before this line reached the disk; its source stays and is tried again", null));
            }
            waiting.computeIfAbsent(position, k -> new ArrayList<>()).add(f);
            waiting.notifyAll();
        }
        return f;
    }

    /**
     * Group commit: one thread forces the file for everyone, and each force makes every line written
     * before it durable. Parallel uploads wait for the disk together, and an upload thread whose outcome
     * only has to be durable before its source moves need not wait at all (see {@link #appendLater}).
     */
    private void flushLoop() {
        while (true) {
            synchronized (waiting) {
                while (waiting.isEmpty() && !closing) {
                    try {
                        waiting.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (waiting.isEmpty()) {
                    return; // closing, and nobody waits any more
                }
            }
            long target;
            synchronized (writeLock) {
                target = written;
            }
            IOException failed = null;
            try {
                channel.force(false);
                forces++;
            } catch (IOException e) {
                failed = e;
            }
            List<CompletableFuture<Void>> done = new ArrayList<>();
            synchronized (waiting) {
                if (failed == null) {
                    synced = Math.max(synced, target);
                }
                var upTo = waiting.headMap(target, true);
                upTo.values().forEach(done::addAll);
                upTo.clear();
            }
            for (CompletableFuture<Void> f : done) {
                if (failed == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(failure(failed));
                }
            }
            if (failed == null) {
                saveIndexIfDue();
            }
        }
    }

    /** How often the file was forced to disk so far: with group commit, once for many lines. */
    long forces() {
        return forces;
    }

    private void write(byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    @Override
    public ManifestIndex index() {
        return indexFile.index;
    }

    @Override
    public void close() {
        if (channel == null) {
            indexFile.close();
            return;
        }
        // whoever still waits gets the last flush before the file closes
        closing = true;
        synchronized (waiting) {
            waiting.notifyAll();
        }
        try {
            flusher.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            synchronized (writeLock) {
                try {
                    channel.force(false);
                } finally {
                    indexFile.close();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Closing manifest {}: {}; the next start replays it from where its index was last saved", path,
                    e.getMessage());
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("Closing manifest {}: {}", path, e.getMessage());
        } finally {
            owner.close();
        }
    }

    /** The owner lock's file: {@code <manifest>.lock} beside the manifest. */
    public static Path lockFile(Path manifest) {
        return manifest.resolveSibling(manifest.getFileName() + ".lock");
    }

    public static String toJson(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
