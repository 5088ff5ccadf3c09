package filegate.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import filegate.manifest.Manifest;
import filegate.manifest.ManifestEntry;
import filegate.pipeline.Pipeline;
import filegate.report.ManifestLines;
import filegate.source.Requeue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, the checks a stopped run left open: {@code uploaded} lines marked {@code await_processed}
 * with no later {@code processed}, {@code processing_failed}, {@code gone} or {@code deleted} line for the
 * same provider and file id. One pass over the manifest, keeping only those still open.
 */
public final class PendingScan {
    private static final Logger LOG = LoggerFactory.getLogger(PendingScan.class);

    private PendingScan() {
    }

    /** Finds the open checks and hands them to {@code watch}; returns how many. */
    public static int resume(ProcessingWatch watch, AwaitSettings settings, Manifest manifest, Path jsonl,
                             List<Requeue.Folder> folders) {
        Map<String, ManifestEntry> open = new LinkedHashMap<>();
        ManifestLines.forEach(manifest, jsonl, e -> {
            if (e.fileId == null || e.provider == null) {
                return;
            }
            String key = e.provider + '\n' + e.fileId;
            switch (e.event) {
                case "uploaded" -> {
                    if (Boolean.TRUE.equals(e.awaitProcessed)) {
                        open.put(key, e);
                    }
                }
                case "processed", "processing_failed", "gone", "deleted" -> open.remove(key);
                default -> {
                }
            }
        });
        Map<String, Hold> holds = new LinkedHashMap<>();
        int resumed = 0;
        for (ManifestEntry e : open.values()) {
            if (!settings.awaits(e.rule, e.provider)) {
                LOG.warn("{} -> {} {}: its processing was awaited when it was uploaded, but no longer is"
                        + " ({}.await-processed); not checked", e.source, e.provider, e.fileId, "filegate.providers."
                        + e.provider);
                continue;
            }
            Hold hold = holds.computeIfAbsent(e.source, s -> hold(watch, s, e, folders));
            long uploadedAt = e.ts == null ? System.currentTimeMillis() : Instant.parse(e.ts).toEpochMilli();
            // past its timeout already: asked once now, and failed as timed out only if still not processed
            long deadline = Math.max(uploadedAt + settings.timeout().toMillis(), System.currentTimeMillis());
            watch.watch(e, hold, deadline, 0);
            resumed++;
        }
        if (resumed > 0) {
            LOG.info("{} upload(s) were still waiting for the provider to process them when Filegate last stopped;"
                    + " asking again", resumed);
        }
        return resumed;
    }

    private static Hold hold(ProcessingWatch watch, String source, ManifestEntry e, List<Requeue.Folder> folders) {
        if (e.etag != null || source.startsWith("s3://")) {
            return watch.resumedHold(source, null, null, null);
        }
        for (Requeue.Folder f : folders) {
            if (source.startsWith(f.display() + "/")) {
                String rel = source.substring(f.display().length() + 1);
                Path found = find(f.dir().resolve(Pipeline.HOLD_DIR), rel, e.bytes).orElse(null);
                if (found == null) {
                    LOG.warn("{}: not found in {}; its verdict will be recorded in the manifest only", source,
                            f.dir().resolve(Pipeline.HOLD_DIR));
                }
                return watch.resumedHold(source, f.dir(), rel, found == null ? f.dir() : found);
            }
        }
        LOG.warn("{}: no configured drop folder holds it any more; its verdict will be recorded in the manifest only",
                source);
        return watch.resumedHold(source, null, null, null);
    }

    /** {@code .processing/<rel>}, or a {@code ~N} copy of it (Pipeline.unique) of the recorded size. */
    private static Optional<Path> find(Path held, String rel, Long bytes) {
        Path exact = held.resolve(rel);
        if (Files.isRegularFile(exact) && sized(exact, bytes)) {
            return Optional.of(exact);
        }
        String name = exact.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        if (!Files.isDirectory(exact.getParent())) {
            return Optional.empty();
        }
        try (Stream<Path> siblings = Files.list(exact.getParent())) {
            return siblings.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(stem + "~") && n.endsWith(ext) && sized(p, bytes);
            }).sorted().findFirst();
        } catch (IOException ex) {
            return Optional.empty();
        }
    }

    private static boolean sized(Path p, Long bytes) {
        try {
            return bytes == null || Files.size(p) == bytes;
        } catch (IOException e) {
            return false;
        }
    }
}
