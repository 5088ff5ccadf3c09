package filegate.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import filegate.manifest.Claim;
import filegate.manifest.Lines;
import filegate.manifest.ManifestEntry;
import filegate.manifest.ManifestException;
import filegate.manifest.ManifestIndex;
import filegate.manifest.StoreIndex;

/**
 * The look-ups of {@link ManifestIndex}, answered by the shared table so that every node sees every
 * other node's lines at once: the same rules, one indexed query each.
 */
final class PgIndex implements StoreIndex {
    /**
     * Which earlier line answers "already uploaded?": the latest uploaded or duplicate line of these bytes
     * for this provider and purpose. Rules about records that no longer answer (a file id the provider
     * reported gone, a file past its expires_at) belong in this WHERE clause, e.g.
     * {@code AND (expires_at IS NULL OR expires_at > extract(epoch FROM now()))}.
     */
    static final String DEDUP_ANSWER = "SELECT file_id FROM filegate_event"
            + " WHERE provider = ? AND purpose = ? AND sha256 = ? AND event IN ('uploaded', 'duplicate')"
            + " AND file_id IS NOT NULL"
            + " ORDER BY seq DESC LIMIT 1";

    /** A later line that settles an intent, as ManifestIndex closes one. */
    private static final String CLOSES = "o.provider = i.provider AND o.purpose = i.purpose AND o.sha256 = i.sha256"
            + " AND o.seq > i.seq AND (o.event IN ('uploaded', 'duplicate', 'changed') OR (o.event = 'failed'"
            + " AND o.ambiguous IS NOT TRUE AND (o.attempt IS NULL OR o.attempt = i.attempt)))";

    /** The latest intent for these bytes, if nothing settled it since. */
    private static final String OPEN_INTENT = "SELECT i.line FROM (SELECT * FROM filegate_event"
            + " WHERE provider = ? AND purpose = ? AND sha256 = ? AND event = 'intent' ORDER BY seq DESC LIMIT 1) i"
            + " WHERE NOT EXISTS (SELECT 1 FROM filegate_event o WHERE " + CLOSES + ")";

    private static final String OPEN_INTENTS = "SELECT count(*) FROM filegate_event i WHERE i.event = 'intent'"
            + " AND NOT EXISTS (SELECT 1 FROM filegate_event o WHERE " + CLOSES + ")"
            + " AND NOT EXISTS (SELECT 1 FROM filegate_event n WHERE n.event = 'intent' AND n.provider = i.provider"
            + " AND n.purpose = i.purpose AND n.sha256 = i.sha256 AND n.seq > i.seq)";

    /** The latest Uploads API upload of these bytes, unless abandoned or followed by their upload. */
    private static final String OPEN_UPLOAD = "SELECT u.seq, u.line FROM (SELECT * FROM filegate_event"
            + " WHERE provider = ? AND purpose = ? AND sha256 = ? AND event = 'upload-created' AND upload_id IS NOT NULL"
            + " AND bytes IS NOT NULL AND (line::jsonb ->> 'part_bytes') IS NOT NULL ORDER BY seq DESC LIMIT 1) u"
            + " WHERE NOT EXISTS (SELECT 1 FROM filegate_event a WHERE a.event = 'upload-abandoned'"
            + " AND a.upload_id = u.upload_id)"
            + " AND NOT EXISTS (SELECT 1 FROM filegate_event o WHERE o.provider = u.provider AND o.purpose = u.purpose"
            + " AND o.sha256 = u.sha256 AND o.seq > u.seq AND o.event IN ('uploaded', 'duplicate'))";

    /**
     * This version of an S3 object has an outcome (an intent alone is not one: the upload may not have
     * happened) and was committed, unless it was never claimed (history imported or written by one process):
     * an object whose node died between recording and tagging is left to take over.
     */
    private static final String VERSION_DONE = "SELECT 1 FROM filegate_event WHERE source = ? AND etag = ?"
            + " AND event IN ('uploaded', 'duplicate', 'rejected', 'failed')"
            + " AND NOT EXISTS (SELECT 1 FROM filegate_claim WHERE item = ? AND NOT committed) LIMIT 1";

    /** Some provider's latest line about this version is a failure. */
    private static final String VERSION_FAILED = "SELECT 1 FROM (SELECT DISTINCT ON (provider) event"
            + " FROM filegate_event WHERE source = ? AND etag = ? AND event <> 'unmatched'"
            + " ORDER BY provider, seq DESC) latest WHERE event = 'failed' LIMIT 1";

    private final Sql sql;

    PgIndex(Sql sql) {
        this.sql = sql;
    }

    private static Sql.Binder content(String provider, String purpose, String sha256) {
        return ps -> {
            ps.setString(1, provider);
            ps.setString(2, purpose);
            ps.setString(3, sha256);
        };
    }

    @Override
    public Optional<String> uploadedFileId(String provider, String purpose, String sha256) {
        return sql.one(DEDUP_ANSWER, content(provider, purpose, sha256), rs -> rs.getString(1));
    }

    @Override
    public Optional<ManifestEntry> openIntent(String provider, String purpose, String sha256) {
        return sql.one(OPEN_INTENT, content(provider, purpose, sha256), rs -> parse(rs.getString(1)));
    }

    @Override
    public Optional<ManifestIndex.OpenUpload> openUpload(String provider, String purpose, String sha256) {
        Optional<ManifestEntry> created = sql.one(OPEN_UPLOAD, content(provider, purpose, sha256),
                rs -> parse(rs.getString(2)));
        return created.map(e -> {
            Map<Integer, String> parts = new ConcurrentHashMap<>();
            sql.list("SELECT line::jsonb ->> 'part', line::jsonb ->> 'part_id' FROM filegate_event"
                    + " WHERE upload_id = ? AND event = 'part-uploaded'", ps -> ps.setString(1, e.uploadId), rs -> {
                        String part = rs.getString(1);
                        String id = rs.getString(2);
                        if (part != null && id != null) {
                            parts.put(Integer.parseInt(part), id);
                        }
                        return part;
                    });
            long expires = e.expiresAt != null ? e.expiresAt : Instant.parse(e.ts).getEpochSecond() + 3600;
            return new ManifestIndex.OpenUpload(e.uploadId, provider + '\n' + purpose + '\n' + sha256, e.bytes,
                    e.partBytes, e.parts == null ? 0 : e.parts, expires, parts);
        });
    }

    @Override
    public int openIntentCount() {
        return sql.one(OPEN_INTENTS, ps -> { }, rs -> rs.getInt(1)).orElse(0);
    }

    @Override
    public boolean knownFileId(String id) {
        return sql.exists("SELECT 1 FROM filegate_event WHERE file_id = ? AND event IN ('uploaded', 'duplicate',"
                + " 'changed') LIMIT 1", ps -> ps.setString(1, id));
    }

    @Override
    public Optional<Long> expiresAt(String fileId) {
        return sql.one("SELECT expires_at FROM filegate_event WHERE file_id = ? AND event = 'uploaded'"
                + " AND expires_at IS NOT NULL ORDER BY seq DESC LIMIT 1", ps -> ps.setString(1, fileId),
                rs -> rs.getLong(1));
    }

    @Override
    public boolean gone(String fileId) {
        return sql.exists("SELECT 1 FROM filegate_event WHERE file_id = ? AND event IN ('gone', 'deleted', 'processing_failed') LIMIT 1",
                ps -> ps.setString(1, fileId));
    }

    @Override
    public boolean unmatchedRecorded(String source, long bytes) {
        return sql.exists("SELECT 1 FROM filegate_event WHERE source = ? AND event = 'unmatched' AND etag IS NULL"
                + " AND bytes = ? LIMIT 1", ps -> {
                    ps.setString(1, source);
                    ps.setLong(2, bytes);
                });
    }

    @Override
    public boolean unmatchedRecorded(String source, String etag) {
        return sql.exists("SELECT 1 FROM filegate_event WHERE source = ? AND event = 'unmatched' AND etag = ?"
                + " LIMIT 1", version(source, etag));
    }

    @Override
    public boolean versionDone(String source, String etag) {
        return sql.exists(VERSION_DONE, ps -> {
            ps.setString(1, source);
            ps.setString(2, etag);
            ps.setString(3, Claim.s3Item(source, etag));
        });
    }

    @Override
    public boolean versionFailed(String source, String etag) {
        return sql.exists(VERSION_FAILED, version(source, etag));
    }

    private static Sql.Binder version(String source, String etag) {
        return (PreparedStatement ps) -> {
            ps.setString(1, source);
            ps.setString(2, etag);
        };
    }

    private static ManifestEntry parse(String line) throws SQLException {
        try {
            return Lines.parse(line);
        } catch (JsonProcessingException e) {
            throw new ManifestException("a line in the store cannot be read: " + e.getOriginalMessage(), null);
        }
    }
}
