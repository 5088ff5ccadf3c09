package filegate.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import filegate.manifest.Manifest;
import filegate.manifest.ManifestEntry;

/**
 * {@code --report manifest}: one row per source and provider with its latest outcome and file id, in the
 * order sources first appear. Lines that are steps rather than outcomes (intent, the parts of an upload)
 * do not replace an outcome; a later {@code processed}, {@code processing_failed}, {@code gone} or
 * {@code deleted} line does, keeping the file id it is about.
 */
final class SourceOutcomes {
    private static final Set<String> STEPS = Set.of("intent", "upload-created", "part-uploaded", "upload-abandoned");
    static final java.util.List<String> COLUMNS = java.util.List.of("source", "provider", "outcome", "file_id",
            "purpose", "bytes", "sha256", "ts");

    private SourceOutcomes() {
    }

    /** @param since only rows whose latest line is at or after this instant; null for all */
    static Table table(Manifest manifest, Path jsonl, Instant since) {
        Map<String, ManifestEntry> latest = new LinkedHashMap<>();
        ManifestLines.forEach(manifest, jsonl, e -> {
            if (e.source == null || STEPS.contains(e.event)) {
                return;
            }
            // re-put, so that the map's order stays that of first appearance and the value is the latest line
            latest.put(e.source + '\n' + (e.provider == null ? "" : e.provider), e);
        });
        Table t = new Table(COLUMNS);
        for (ManifestEntry e : latest.values()) {
            if (since != null && (e.ts == null || Instant.parse(e.ts).isBefore(since))) {
                continue;
            }
            t.add(e.source, e.provider, e.event, e.fileId, e.purpose, e.bytes, e.sha256, e.ts);
        }
        return t;
    }
}
