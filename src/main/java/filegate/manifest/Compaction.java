package filegate.manifest;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import filegate.lock.OwnerLock;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;

/**
 * {@code --compact-manifest}: rewrites the journal to the lines that still say something, in their order:
 * per content the latest upload (the dedup answer), per file id its latest line (and the latest with an
 * expiry, and one {@code gone}), per source (and S3 version, and provider) its latest line, per unmatched
 * file its latest line, and the lines of intents and Uploads API uploads that are still open. Dropped:
 * closed intents, superseded outcomes, parts of finished uploads, blank and cut lines. Kept too: per file id
 * the latest upload awaiting processing and the latest verdict on it, from which pending checks resume.
 * <p>
 * Nothing changes unless the compacted journal's index answers every look-up exactly as the original's
 * (each map compared entry by entry). The new file is written beside the old, forced to disk, and renamed
 * over it; the old one stays as {@code <manifest>.bak-<time>}. Refused while a Filegate process owns the
 * manifest. Memory stays small: what to keep is worked out in a scratch MVStore file.
 */
public final class Compaction {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'")
            .withZone(ZoneOffset.UTC);

    /** What was done: line and byte counts, dropped lines by event, and where the old journal went. */
    public record Result(long linesBefore, long linesAfter, long bytesBefore, long bytesAfter,
                         Map<String, Long> dropped, Path backup) {
    }

    private final Path manifest;
    /** Runs after the backup is made and before the new journal takes the manifest's name (tests fail here). */
    Runnable beforeSwap = () -> { };

    public Compaction(Path manifest) {
        this.manifest = manifest.toAbsolutePath();
    }

    public Result run(Instant now) throws IOException {
        if (!Files.isRegularFile(manifest)) {
            throw new ManifestException("there is no manifest at " + manifest + " to compact (filegate.manifest)",
                    null);
        }
        OwnerLock.Result lock = OwnerLock.acquire(JsonlManifest.lockFile(manifest));
        if (lock.lock() == null) {
            throw new ManifestInUseException("manifest " + manifest + " is in use by " + lock.heldBy()
                    + "; stop that process, then run --compact-manifest again");
        }
        Path tmp = manifest.resolveSibling(manifest.getFileName() + ".compact-tmp");
        Path keys = manifest.resolveSibling(manifest.getFileName() + ".compact-keys");
        try (OwnerLock held = lock.lock()) {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(IndexFile.of(tmp));
            Files.deleteIfExists(keys);
            IndexFile original = IndexFile.open(manifest, true);
            Result r;
            try {
                r = compact(original, tmp, keys, now);
            } finally {
                original.close();
            }
            return r;
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(IndexFile.of(tmp));
            Files.deleteIfExists(keys);
        }
    }

    private Result compact(IndexFile original, Path tmp, Path keysFile, Instant now) throws IOException {
        long bytesBefore = Files.size(manifest);
        MVStore scratch = new MVStore.Builder().fileName(keysFile.toString()).autoCommitDisabled()
                .autoCommitBufferSize(4096).cacheSize(8).open();
        Map<String, Long> dropped = new TreeMap<>();
        long[] counts = new long[2];
        try {
            MVMap<String, String> latest = map(scratch, "latest");
            MVMap<String, String> kept = map(scratch, "kept");
            long[] lineNo = {0};
            JournalReader.read(manifest, 0, (start, line, length, terminated) -> {
                lineNo[0]++;
                ManifestEntry e = parse(line, length);
                if (e != null) {
                    note(latest, e, number(lineNo[0]), original.index);
                }
            });
            counts[0] = lineNo[0];
            for (Map.Entry<String, String> k : latest.entrySet()) {
                String kind = k.getKey().substring(0, k.getKey().indexOf('\n'));
                if (!kind.equals("i") && !kind.equals("uc") && !kind.equals("up")) {
                    kept.put(k.getValue(), "");
                }
            }
            for (String key : original.index.openIntentKeys()) {
                keep(kept, latest.get("i\n" + key));
            }
            for (String uploadId : original.index.openUploadIds()) {
                keep(kept, latest.get("uc\n" + uploadId));
                String prefix = "up\n" + uploadId + '\n';
                for (String k = latest.ceilingKey(prefix); k != null && k.startsWith(prefix); k = latest.higherKey(k)) {
                    keep(kept, latest.get(k));
                }
            }
            counts[1] = write(tmp, kept, dropped);
        } finally {
            scratch.closeImmediately();
        }
        long droppedLines = counts[0] - counts[1];
        if (droppedLines == 0) {
            return new Result(counts[0], counts[0], bytesBefore, bytesBefore, dropped, null);
        }
        IndexFile compacted = IndexFile.open(tmp, true);
        try {
            String diff = original.index.firstDifference(compacted.index);
            if (diff != null) {
                throw new ManifestException("compacting " + manifest + " would change what it answers (" + diff
                        + "); nothing was changed. Please report this with the lines concerned", null);
            }
        } finally {
            compacted.close();
        }
        long bytesAfter = Files.size(tmp);
        Path backup = manifest.resolveSibling(manifest.getFileName() + ".bak-" + STAMP.format(now));
        try {
            // a second name for the old journal: no copy, and the manifest's name never points at nothing
            Files.createLink(backup, manifest);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(manifest, backup, StandardCopyOption.COPY_ATTRIBUTES);
        }
        try {
            beforeSwap.run();
            Files.move(tmp, manifest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(backup);
            throw e;
        }
        // the old index describes the old journal (and would be found stale); the new one is ready
        Files.move(IndexFile.of(tmp), IndexFile.of(manifest), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(manifest.getParent());
        return new Result(counts[0], counts[1], bytesBefore, bytesAfter, dropped, backup);
    }

    /** Records, for each thing a line can be the latest word on, that it is (a later line replaces it). */
    private static void note(MVMap<String, String> latest, ManifestEntry e, String line, ManifestIndex end) {
        String event = e.event == null ? "" : e.event;
        String content = ManifestIndex.contentKey(e.provider, e.purpose, e.sha256);
        // intents and uploads matter only while open at the end (the original's index knows which): the
        // latest intent line of bytes with an open intent is that intent
        switch (event) {
            case "intent" -> {
                if (end.intentOpen(content)) {
                    latest.put("i\n" + content, line);
                }
            }
            case "upload-created" -> {
                if (e.uploadId != null && end.uploadOpen(e.uploadId)) {
                    latest.put("uc\n" + e.uploadId, line);
                }
            }
            case "part-uploaded" -> {
                if (e.uploadId != null && e.part != null && end.uploadOpen(e.uploadId)) {
                    latest.put("up\n" + e.uploadId + '\n' + e.part, line);
                }
            }
            case "uploaded", "duplicate" -> {
                if (e.sha256 != null && e.fileId != null) {
                    latest.put("c\n" + content, line);
                }
                if (e.fileId != null && e.expiresAt != null) {
                    latest.put("x\n" + e.fileId, line);
                }
            }
            case "gone", "deleted", "processing_failed" -> {
                if (e.fileId != null) {
                    latest.putIfAbsent("g\n" + e.fileId, line);
                }
            }
            case "unmatched" -> latest.put("u\n" + e.source + '\n' + (e.etag != null ? e.etag : e.bytes), line);
            default -> {
            }
        }
        if (e.fileId != null && (event.equals("uploaded") || event.equals("duplicate") || event.equals("changed"))) {
            latest.put("f\n" + e.fileId, line);
        }
        // processing checks (await-processed) are found again at start from these: the latest upload that
        // awaits them and the latest verdict on its file id
        if (e.fileId != null && event.equals("uploaded") && Boolean.TRUE.equals(e.awaitProcessed)) {
            latest.put("a\n" + e.provider + '\n' + e.fileId, line);
        }
        if (e.fileId != null && (event.equals("processed") || event.equals("processing_failed")
                || event.equals("gone") || event.equals("deleted"))) {
            latest.put("p\n" + e.provider + '\n' + e.fileId, line);
        }
        boolean outcome = switch (event) {
            case "uploaded", "duplicate", "rejected", "failed", "changed", "requeued" -> true;
            default -> false;
        };
        // per source, S3 version and provider: the latest outcome. Lines of intents and uploads are kept only
        // while open (above): a closed one kept here would open again on replay
        if (e.source != null && (outcome || e.etag != null && !event.equals("unmatched") && !event.equals("intent")
                && !event.startsWith("upload-") && !event.equals("part-uploaded"))) {
            latest.put("s\n" + e.source + '\n' + (e.etag == null ? "" : e.etag) + '\n' + e.provider, line);
        }
    }

    /** Writes the kept lines, in order, to {@code tmp} and forces it to disk; returns how many. */
    private long write(Path tmp, MVMap<String, String> kept, Map<String, Long> dropped) throws IOException {
        long[] written = {0};
        long[] lineNo = {0};
        String[] next = {kept.firstKey()};
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
            JournalReader.read(manifest, 0, (start, line, length, terminated) -> {
                String n = number(++lineNo[0]);
                if (n.equals(next[0])) {
                    out.write(line, 0, length);
                    out.write('\n');
                    written[0]++;
                    next[0] = kept.higherKey(n);
                } else {
                    ManifestEntry e = parse(line, length);
                    String why = e == null ? (length == 0 ? "blank" : "not valid JSON")
                            : e.event == null ? "no event" : e.event;
                    dropped.merge(why, 1L, Long::sum);
                }
            });
            out.flush();
            ch.force(true);
        }
        return written[0];
    }

    private static ManifestEntry parse(byte[] line, int length) {
        try {
            return length == 0 ? null : JsonlManifest.JSON.readValue(line, 0, length, ManifestEntry.class);
        } catch (JsonProcessingException e) {
            return null;
        } catch (IOException e) {
            throw new ManifestException("cannot read a manifest line: " + e.getMessage(), e);
        }
    }

    private static void keep(MVMap<String, String> kept, String line) {
        if (line != null) {
            kept.put(line, "");
        }
    }

    /** Line numbers as keys that sort in file order. */
    private static String number(long n) {
        return String.format("%015d", n);
    }

    private static MVMap<String, String> map(MVStore store, String name) {
        return store.openMap(name, new MVMap.Builder<String, String>().keyType(StringDataType.INSTANCE)
                .valueType(StringDataType.INSTANCE));
    }

    /** Makes the renames durable (Linux: an fsync of the folder). */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not every system lets a folder be opened; the renames are done, only their durability waits
        }
    }
}
