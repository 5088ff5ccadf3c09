package filegate.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import filegate.ConfigException;
import filegate.manifest.Claim;
import filegate.manifest.ClaimLostException;
import filegate.manifest.Claims;
import filegate.manifest.Lines;
import filegate.manifest.Manifest;
import filegate.manifest.ManifestEntry;
import filegate.manifest.StoreIndex;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manifest in PostgreSQL, shared by every node: each event line is one row, inserted in its own
 * transaction (so durable when {@link #append} returns), with the line's text kept whole beside the
 * columns the look-ups use. A line written under claims ({@link ManifestEntry#fence}) is inserted in the
 * same statement that checks, under a share lock, that this node still holds each of them: a node whose
 * lease ran out and whose item another node took cannot record anything about it.
 */
public final class PgStore implements Manifest {
    private static final Logger LOG = LoggerFactory.getLogger(PgStore.class);

    private final StoreSettings settings;
    private final HikariDataSource ds;
    private final Sql sql;
    private final boolean writable;
    private final PgIndex index;
    private final PgClaims claims;

    private PgStore(StoreSettings settings, HikariDataSource ds, boolean writable, String mode) {
        this.settings = settings;
        this.ds = ds;
        this.writable = writable;
        this.sql = new Sql(ds, settings.where());
        this.index = new PgIndex(sql);
        this.claims = writable ? new PgClaims(sql, settings, mode) : null;
    }

    /**
     * Connects, creates or migrates the schema, and (when writable) starts this node's heartbeat.
     *
     * @param writable false for a dry run: only look-ups, no claims, no writes
     */
    public static PgStore open(StoreSettings s, boolean writable, String mode) {
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(poolConfig(s));
        } catch (RuntimeException e) {
            throw new ConfigException(StoreSettings.URL + "=" + s.where() + " cannot be reached: " + rootMessage(e)
                    + "; check the URL, " + StoreSettings.USER + " and the password (FILEGATE_STORE_PASSWORD or "
                    + StoreSettings.PASSWORD_FILE + ")");
        }
        try {
            var result = Flyway.configure().dataSource(ds).locations("classpath:db/filegate")
                    .table("filegate_schema_history").baselineOnMigrate(true).baselineVersion("0")
                    .load().migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("store {}: schema migrated to version {}", s.where(), result.targetSchemaVersion);
            }
        } catch (RuntimeException e) {
            ds.close();
            throw new ConfigException("the store " + s.where() + " could not be set up (schema migration): "
                    + rootMessage(e) + "; the user needs CREATE rights in its schema at the first start");
        }
        PgStore store = new PgStore(s, ds, writable, mode);
        if (writable) {
            store.claims.start();
        }
        return store;
    }

    private static HikariConfig poolConfig(StoreSettings s) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("filegate-store");
        c.setJdbcUrl(s.url());
        if (!s.user().isEmpty()) {
            c.setUsername(s.user());
        }
        if (!s.password().isEmpty()) {
            c.setPassword(s.password());
        }
        c.setMaximumPoolSize(s.poolSize());
        c.setMinimumIdle(Math.min(2, s.poolSize()));
        // a store that does not answer must not hold a file (or the start) for long: its lease is running
        c.setConnectionTimeout(Math.max(2000, s.leaseSeconds() * 1000L / 3));
        // a wrong password or host does not mend itself: say so within seconds (a supervisor restarts us)
        c.setInitializationFailTimeout(3000);
        // who holds which connection, in pg_stat_activity
        c.addDataSourceProperty("ApplicationName", "filegate " + s.nodeId());
        c.addDataSourceProperty("tcpKeepAlive", "true");
        return c;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    public StoreSettings settings() {
        return settings;
    }

    @Override
    public void append(ManifestEntry entry) {
        insert(entry);
    }

    @Override
    public long appendLater(ManifestEntry entry) {
        // committed when this returns: there is nothing to wait for before the source moves
        return insert(entry);
    }

    @Override
    public CompletableFuture<Void> whenDurable(long position) {
        return CompletableFuture.completedFuture(null);
    }

    private static final String COLUMNS = "ts, event, source, etag, bytes, sha256, provider, purpose, file_id,"
            + " attempt, ambiguous, upload_id, expires_at, node, line, line_sha256";
    private static final String VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::json, ?";

    /** Inserts one line (once: an identical line is not added again); returns its sequence number. */
    private long insert(ManifestEntry e) {
        if (!writable) {
            throw new IllegalStateException("the store " + settings.where() + " is open read-only (dry run)");
        }
        String line = Lines.toLine(e);
        List<Claim> fence = e.fence == null ? List.of() : e.fence.stream().filter(c -> c.version() > 0).toList();
        String statement = fence.isEmpty()
                ? "INSERT INTO filegate_event (" + COLUMNS + ") VALUES (" + VALUES + ")"
                  + " ON CONFLICT (line_sha256) DO NOTHING RETURNING seq"
                : "WITH fence AS (SELECT item FROM filegate_claim WHERE node = ? AND lease_until > now() AND (item, version)"
                  + " IN (" + String.join(", ", fence.stream().map(c -> "(?, ?)").toList()) + ") FOR SHARE)"
                  + " INSERT INTO filegate_event (" + COLUMNS + ") SELECT " + VALUES
                  + " WHERE (SELECT count(*) FROM fence) = " + fence.size()
                  + " ON CONFLICT (line_sha256) DO NOTHING RETURNING seq";
        byte[] sha = sha256(line);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            int i = 1;
            if (!fence.isEmpty()) {
                ps.setString(i++, claims.owner());
                for (Claim claim : fence) {
                    ps.setString(i++, claim.item());
                    ps.setLong(i++, claim.version());
                }
            }
            bind(ps, i, e, settings.nodeId(), line, sha);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
            if (!fence.isEmpty()) {
                claims.explainLost(fence, e, index).ifPresent(message -> {
                    throw new ClaimLostException(message);
                });
            }
            // the very same line is there already (same time to the millisecond, same everything)
            return sql.one("SELECT seq FROM filegate_event WHERE line_sha256 = ?", ps2 -> ps2.setBytes(1, sha),
                    rs -> rs.getLong(1)).orElse(0L);
        } catch (SQLException ex) {
            throw sql.failure(ex);
        }
    }

    /** Binds the columns of one line from parameter {@code i} on, in the order of {@link #COLUMNS}. */
    static void bind(PreparedStatement ps, int i, ManifestEntry e, String node, String line, byte[] sha)
            throws SQLException {
        ps.setTimestamp(i++, timestamp(e.ts));
        ps.setString(i++, e.event == null ? "" : e.event);
        ps.setString(i++, e.source);
        ps.setString(i++, e.etag);
        setLong(ps, i++, e.bytes);
        ps.setString(i++, e.sha256);
        ps.setString(i++, e.provider);
        ps.setString(i++, e.purpose);
        ps.setString(i++, e.fileId);
        ps.setString(i++, e.attempt);
        if (e.ambiguous == null) {
            ps.setNull(i++, Types.BOOLEAN);
        } else {
            ps.setBoolean(i++, e.ambiguous);
        }
        ps.setString(i++, e.uploadId);
        setLong(ps, i++, e.expiresAt);
        ps.setString(i++, node);
        ps.setString(i++, line);
        ps.setBytes(i, sha);
    }

    static final String INSERT_IMPORTED = "INSERT INTO filegate_event (" + COLUMNS + ") VALUES (" + VALUES + ")"
            + " ON CONFLICT (line_sha256) DO NOTHING";

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private static Timestamp timestamp(String ts) {
        if (ts == null) {
            return null;
        }
        try {
            return Timestamp.from(Instant.parse(ts));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static byte[] sha256(String line) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public StoreIndex index() {
        return index;
    }

    @Override
    public Claims claims() {
        return claims == null ? Claims.NONE : claims;
    }

    /** This node's claims and heartbeat, for health and metrics; null for a dry run. */
    public PgClaims nodeClaims() {
        return claims;
    }

    /** For --import-manifest and --export-manifest, which work on the table as a whole. */
    public HikariDataSource dataSource() {
        return ds;
    }

    @Override
    public void close() {
        if (claims != null) {
            claims.close();
        }
        ds.close();
    }
}
