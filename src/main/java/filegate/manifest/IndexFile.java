package filegate.manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * The manifest's index on disk: {@code <manifest>.index}, an H2 MVStore file holding the maps of
 * {@link ManifestIndex} and how far into the journal they go (the position after the last line applied,
 * that line's start and checksum, the first line's checksum, the count of lines). The journal stays the
 * record: at start the index is checked against it and only the lines after that position are replayed;
 * an index that is missing, unreadable, of another format or no longer matching the journal (replaced,
 * restored, compacted) is rebuilt from the journal, with one log line saying why.
 * <p>
 * The index is saved only by {@link #save} (MVStore's own background and memory-triggered commits are off),
 * always between two lines, so a saved index and its position agree, and only after the journal was
 * forced, so it may lag the journal but never covers a line that is not on disk. (Should the journal
 * still lose lines the index covers, its size or the checksum of its last line tells, and it is rebuilt.)
 */
final class IndexFile {
    private static final Logger LOG = LoggerFactory.getLogger(IndexFile.class);
    /** Start-up lines are held until Filegate is up (filegate.StartupLogs); this one, before a long wait, is not. */
    private static final Marker LONG_WAIT = MarkerFactory.getMarker("LONG_WAIT");
    /** Bumped whenever what the maps hold changes meaning: an index of another format is rebuilt. */
    static final String FORMAT = "1";
    /** During a replay the index is saved every so many lines, so a rebuild cut short resumes. */
    private static final int SAVE_EVERY = 20_000;
    /** Below this share of live data in the file, a save also rewrites the emptiest chunks. */
    private static final int MIN_FILL_RATE = 60;
    /** At most this much is rewritten per save. */
    private static final int COMPACT_BYTES = 16 << 20;
    /** Changes held in memory during a rebuild before MVStore writes them out. */
    private static final int BULK_BUFFER_KB = 4096;

    private final Path journal;
    private final Path file;
    /** For a dry run: the private copy that is deleted at close, or null. */
    private final Path scratch;
    private final MVStore store;
    private final MVMap<String, String> meta;
    final ManifestIndex index;
    /** Where the lines applied so far end, where the last one starts, its checksum, and how many there are. */
    private long end;
    private long lastStart;
    private long lastEnd;
    private long lastChecksum;
    private long firstEnd;
    private long firstChecksum;
    private long lines;
    private long savedAt;

    private IndexFile(Path journal, Path file, Path scratch, MVStore store) {
        this.journal = journal;
        this.file = file;
        this.scratch = scratch;
        this.store = store;
        this.meta = store.openMap("journal", new MVMap.Builder<String, String>().keyType(StringDataType.INSTANCE)
                .valueType(StringDataType.INSTANCE));
        this.index = new ManifestIndex(store);
    }

    /** The index file of a manifest. */
    static Path of(Path journal) {
        return journal.resolveSibling(journal.getFileName() + ".index");
    }

    /**
     * Opens the index of {@code journal} and brings it up to the journal's end.
     *
     * @param writable false for a dry run: the index beside the journal is neither written nor locked; a
     *                 private copy is brought up to date and deleted at close
     */
    static IndexFile open(Path journal, boolean writable) throws IOException {
        Path file = of(journal);
        Path scratch = null;
        if (!writable) {
            scratch = Files.createTempFile("filegate-dry-run-", ".index");
            Files.delete(scratch);
            if (Files.exists(file)) {
                // a running Filegate may be saving it: a torn copy is found unreadable and rebuilt
                Files.copy(file, scratch, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        IndexFile idx = openChecked(journal, scratch != null ? scratch : file, scratch);
        try {
            idx.catchUp();
            return idx;
        } catch (IOException | RuntimeException e) {
            idx.closeQuietly();
            throw e;
        }
    }

    private static IndexFile openChecked(Path journal, Path file, Path scratch) throws IOException {
        String why;
        if (!Files.exists(file)) {
            why = Files.exists(journal) && Files.size(journal) > 0 ? "there is none yet" : null;
        } else {
            IndexFile idx = null;
            try {
                idx = new IndexFile(journal, file, scratch, store(file, false));
                why = idx.mismatch();
                if (why == null) {
                    return idx;
                }
            } catch (RuntimeException e) {
                // MVStoreException and friends: a file that is not an index, or a torn one
                why = "cannot be read (" + e.getMessage() + ")";
            }
            if (idx != null) {
                idx.closeQuietly();
            }
            Files.deleteIfExists(file);
        }
        if (why != null) {
            LOG.info(LONG_WAIT, "manifest index {} {}: rebuilding it from {} ({} MB); {}",
                    scratch != null ? "(dry run: a private copy)" : file, why, journal, Files.size(journal) >> 20,
                    scratch != null ? "the dry run deletes it at exit" : "later starts read only what was appended"
                            + " since");
            build(journal, file);
        }
        IndexFile idx = new IndexFile(journal, file, scratch, store(file, false));
        if (why == null) {
            // a new index of an empty or absent journal
            idx.meta.put("format", FORMAT);
        } else if (idx.mismatch() != null) {
            idx.closeQuietly();
            throw new ManifestException("the manifest index " + file + " was rebuilt from " + journal
                    + " but does not match it: " + idx.mismatch(), null);
        }
        return idx;
    }

    /**
     * Replays the whole journal into a new index file. MVStore saves by itself whenever the changes held in
     * memory pass a bound (so the heap stays small however long the journal is); the format is written only
     * at the end, so a rebuild cut short leaves a file that the next start discards and builds again.
     */
    private static void build(Path journal, Path file) throws IOException {
        IndexFile idx = new IndexFile(journal, file, null, store(file, true));
        try {
            // the file is derived data, rebuilt when unreadable: space of replaced pages is reused at once
            idx.store.setRetentionTime(0);
            JournalReader.read(journal, 0, idx::apply);
            idx.meta.put("format", FORMAT);
            idx.save();
            idx.store.close();
            // random keys leave the pages of a bulk load spread over many sparse chunks (about 15 times
            // the live data at a million uploads, and slow to open): one pass rewrites them densely
            MVStore.compact(file.toString(), false, null);
        } catch (IOException | RuntimeException e) {
            idx.closeQuietly();
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * @param bulk a rebuild: MVStore saves whenever enough changes are held in memory; otherwise only
     *             {@link #save} writes, between two lines (see the class comment)
     */
    private static MVStore store(Path file, boolean bulk) {
        return new MVStore.Builder().fileName(file.toString()).autoCommitDisabled()
                .autoCommitBufferSize(bulk ? BULK_BUFFER_KB : 0).cacheSize(8).open();
    }

    /** Why this index does not describe the journal's beginning, or null when it does. */
    private String mismatch() throws IOException {
        if (!FORMAT.equals(meta.get("format"))) {
            return "is of another format (" + meta.get("format") + ", this version reads " + FORMAT + ")";
        }
        end = Long.parseLong(meta.getOrDefault("end", "0"));
        lastStart = Long.parseLong(meta.getOrDefault("last-start", "0"));
        lastEnd = Long.parseLong(meta.getOrDefault("last-end", "0"));
        lastChecksum = Long.parseLong(meta.getOrDefault("last-checksum", "-1"));
        firstEnd = Long.parseLong(meta.getOrDefault("first-end", "0"));
        firstChecksum = Long.parseLong(meta.getOrDefault("first-checksum", "-1"));
        lines = Long.parseLong(meta.getOrDefault("lines", "0"));
        long size = Files.exists(journal) ? Files.size(journal) : 0;
        if (end > size) {
            return "covers " + end + " bytes but the manifest has " + size + " (replaced or restored?)";
        }
        if (lastEnd > 0 && (JournalReader.checksumAt(journal, 0, firstEnd) != firstChecksum
                || JournalReader.checksumAt(journal, lastStart, lastEnd) != lastChecksum)) {
            return "no longer matches the manifest's lines (rewritten, compacted or restored?)";
        }
        return null;
    }

    /** Applies every line after the saved position, then saves. */
    private void catchUp() throws IOException {
        if (!Files.exists(journal)) {
            return;
        }
        long from = end;
        long before = lines;
        JournalReader.read(journal, from, (start, line, length, terminated) -> {
            apply(start, line, length, terminated);
            if ((lines - before) % SAVE_EVERY == 0 && lines > before) {
                save();
            }
        });
        if (lines - before >= SAVE_EVERY) {
            LOG.info("manifest index {}: {} line(s) applied", scratch != null ? "(dry run)" : file, lines - before);
        } else if (lines > before) {
            LOG.debug("manifest index {}: caught up with {} line(s) appended since it was saved", file,
                    lines - before);
        }
        save();
    }

    /** One journal line, read back or just appended: into the maps, and the position moves past it. */
    void apply(long start, byte[] line, int length, boolean terminated) {
        lines++;
        if (!isBlank(line, length)) {
            try {
                index.add(JsonlManifest.JSON.readValue(line, 0, length, ManifestEntry.class),
                        () -> new String(line, 0, length, StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                LOG.warn("Manifest {} line {} is not valid JSON and is ignored (a crash mid-write leaves this): {}",
                        journal, lines, e.getOriginalMessage());
            } catch (IOException e) {
                throw new ManifestException("cannot read manifest " + journal + " line " + lines + ": "
                        + e.getMessage(), e);
            }
        }
        moved(start, line, length, terminated);
    }

    /** An entry this process appends: the maps take the entry, the position its line. */
    void appended(ManifestEntry entry, long start, byte[] line, int length) {
        lines++;
        index.add(entry, () -> new String(line, 0, length, StandardCharsets.UTF_8));
        moved(start, line, length, true);
    }

    /** The newline this process wrote after a last line a crash had left without one. */
    void terminated() {
        end++;
    }

    /** The position moves past a line (and its newline); a non-empty line is remembered by its checksum. */
    private void moved(long start, byte[] line, int length, boolean terminated) {
        if (length > 0) {
            long sum = JournalReader.checksum(line, 0, length);
            if (start == 0) {
                firstEnd = length;
                firstChecksum = sum;
            }
            lastStart = start;
            lastEnd = start + length;
            lastChecksum = sum;
        }
        end = start + length + (terminated ? 1 : 0);
    }

    /** Where the lines applied so far end. */
    long end() {
        return end;
    }

    /** Writes the maps and the position to disk; the caller holds the manifest's write lock. */
    void save() {
        meta.put("end", Long.toString(end));
        meta.put("last-start", Long.toString(lastStart));
        meta.put("last-end", Long.toString(lastEnd));
        meta.put("last-checksum", Long.toString(lastChecksum));
        meta.put("first-end", Long.toString(firstEnd));
        meta.put("first-checksum", Long.toString(firstChecksum));
        meta.put("lines", Long.toString(lines));
        store.commit();
        if (store.getFillRate() < MIN_FILL_RATE && store.getFileStore() != null) {
            // MVStore's own housekeeping thread is off (it would save between two lines): saved pages of
            // random keys leave chunks half empty, and the file would grow far beyond its live data
            store.compact(MIN_FILL_RATE, COMPACT_BYTES);
            store.commit();
        }
        savedAt = System.nanoTime();
    }

    /** Nanos since the last save. */
    long sinceSaved() {
        return System.nanoTime() - savedAt;
    }

    boolean hasUnsaved() {
        return store.hasUnsavedChanges();
    }

    /** Saves (unless this is a dry run's copy, which is deleted) and closes. */
    void close() {
        try {
            if (scratch == null) {
                save();
                store.close();
            } else {
                store.closeImmediately();
            }
        } finally {
            deleteScratch();
        }
    }

    private void closeQuietly() {
        try {
            store.closeImmediately();
        } catch (RuntimeException e) {
            LOG.debug("closing manifest index {}", file, e);
        }
        deleteScratch();
    }

    private void deleteScratch() {
        if (scratch != null) {
            try {
                Files.deleteIfExists(scratch);
            } catch (IOException e) {
                LOG.warn("cannot delete the dry run's copy of the manifest index {}: {}", scratch, e.getMessage());
            }
        }
    }

    private static boolean isBlank(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
