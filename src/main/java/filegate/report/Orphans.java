package filegate.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import filegate.manifest.ManifestEntry;
import filegate.manifest.StoreIndex;
import filegate.provider.FileRecord;
import filegate.provider.Provider;

/**
 * Compares one provider's file list with the manifest. Only files this installation could have made are
 * counted as orphans: a purpose Filegate sent to this provider, a name it sent, created no earlier than its
 * first line for this provider (less the clock skew reconciliation allows). Anything else at the provider
 * (a human's upload with another tool, another installation's files) is only counted, never listed for
 * deletion.
 */
final class Orphans {
    /** One row of the report. {@code kind}: orphan, missing or expired. */
    record Row(String kind, String provider, String fileId, String purpose, Long bytes, Long createdAt,
               Long expiresAt, String filename, String source, String note) {
    }

    /** The rows for one provider, and how many of its files were left out as not Filegate's. */
    record Result(List<Row> rows, int listed, int notOurs) {
    }

    private Orphans() {
    }

    static Result compare(Provider p, Map<String, FileRecord> listed, ManifestState state, StoreIndex index,
                          Duration skew, long nowSeconds) {
        List<Row> rows = new ArrayList<>();
        ManifestState.Sent sent = state.sent.get(p.name());
        int notOurs = 0;
        for (FileRecord f : listed.values()) {
            String key = p.name() + '\n' + f.id();
            ManifestState.Upload u = state.uploads.get(key);
            if (u != null || index.knownFileId(f.id())) {
                if (u != null && u.line.expiresAt != null && u.line.expiresAt <= nowSeconds
                        && ManifestState.stillThere(u)) {
                    rows.add(row("expired", p, f, u.line, "expired " + Instant.ofEpochSecond(u.line.expiresAt)
                            + " but still listed"));
                }
                continue;
            }
            if (sent == null || !couldBeOurs(f, sent, skew)) {
                notOurs++;
                continue;
            }
            rows.add(row("orphan", p, f, null, "no manifest line has this id (an upload whose answer was lost?)"));
        }
        for (ManifestState.Upload u : state.uploads.values()) {
            ManifestEntry e = u.line;
            String purpose = e.providerPurpose != null ? e.providerPurpose : e.purpose;
            if (!e.provider.equals(p.name()) || !ManifestState.stillThere(u) || listed.containsKey(e.fileId)) {
                continue;
            }
            boolean expired = e.expiresAt != null && e.expiresAt <= nowSeconds;
            rows.add(new Row("missing", p.name(), e.fileId, purpose, e.bytes, e.createdAt, e.expiresAt, e.filename,
                    e.source, expired ? "expired at the provider" : "deleted at the provider (not by Filegate)"));
        }
        return new Result(rows, listed.size(), notOurs);
    }

    private static boolean couldBeOurs(FileRecord f, ManifestState.Sent sent, Duration skew) {
        if (f.purpose() != null && !sent.purposes.contains(f.purpose())) {
            return false;
        }
        if (f.filename() == null || !sent.filenames.contains(f.filename())) {
            return false;
        }
        return sent.first == null || f.createdAt() == null
                || f.createdAt() >= sent.first.minus(skew).getEpochSecond();
    }

    private static Row row(String kind, Provider p, FileRecord f, ManifestEntry known, String note) {
        return new Row(kind, p.name(), f.id(), f.purpose(), f.bytes(), f.createdAt(),
                known != null && known.expiresAt != null ? known.expiresAt : f.expiresAt(), f.filename(),
                known == null ? null : known.source, note);
    }
}
