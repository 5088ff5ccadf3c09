package filegate.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import filegate.manifest.Manifest;
import filegate.manifest.ManifestEntry;

/**
 * What the reports need from one pass over the manifest: per provider, the purposes and file names
 * Filegate sent and when it first did (what decides which provider files it could have made), and the
 * latest state of every file id it recorded.
 */
final class ManifestState {
    /** Events that say what became of a file id after its upload. */
    private static final Set<String> AFTER = Set.of("gone", "deleted", "processed", "processing_failed");

    /** What Filegate sent to one provider instance. */
    static final class Sent {
        final Set<String> purposes = new HashSet<>();
        final Set<String> filenames = new HashSet<>();
        Instant first;
    }

    /** One file id as the manifest last knows it. */
    static final class Upload {
        ManifestEntry line;
        /** The latest of gone, deleted, processed, processing_failed, or null. */
        String after;
    }

    final Map<String, Sent> sent = new HashMap<>();
    /** provider + '\n' + file id → its upload, in manifest order. */
    final Map<String, Upload> uploads = new LinkedHashMap<>();

    static ManifestState read(Manifest manifest, Path jsonl) {
        ManifestState s = new ManifestState();
        ManifestLines.forEach(manifest, jsonl, s::add);
        return s;
    }

    private void add(ManifestEntry e) {
        if (e.provider == null) {
            return;
        }
        if (e.filename != null && (e.event.equals("intent") || e.event.equals("uploaded")
                || e.event.equals("upload-created") || e.event.equals("changed"))) {
            Sent s = sent.computeIfAbsent(e.provider, k -> new Sent());
            s.purposes.add(e.providerPurpose != null ? e.providerPurpose : e.purpose);
            s.filenames.add(e.filename);
            Instant at = e.ts == null ? null : Instant.parse(e.ts);
            if (at != null && (s.first == null || at.isBefore(s.first))) {
                s.first = at;
            }
        }
        if (e.fileId == null) {
            return;
        }
        String key = e.provider + '\n' + e.fileId;
        if (e.event.equals("uploaded") || e.event.equals("changed")) {
            Upload u = uploads.computeIfAbsent(key, k -> new Upload());
            u.line = e;
            u.after = null;
        } else if (AFTER.contains(e.event)) {
            Upload u = uploads.get(key);
            if (u != null) {
                u.after = e.event;
            }
        }
    }

    /** Whether the provider should still hold this upload by the manifest's account. */
    static boolean stillThere(Upload u) {
        return u.after == null || u.after.equals("processed") || u.after.equals("processing_failed");
    }
}
