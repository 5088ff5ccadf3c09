package filegate.store;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import filegate.manifest.Claim;
import filegate.manifest.Claims;
import filegate.manifest.ManifestEntry;
import filegate.manifest.ManifestException;
import filegate.source.SharedWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims in PostgreSQL: the primary key of {@code filegate_claim} decides which node takes an item, a take
 * of an expired lease draws a new version (the fencing token), and this node's heartbeat renews every
 * lease it holds in one UPDATE, three times per lease. Times are the database's, so node clocks may differ.
 */
public final class PgClaims implements Claims, SharedWork {
    private static final Logger LOG = LoggerFactory.getLogger(PgClaims.class);

    /**
     * Takes the row unless a live lease holds it or its item was committed; an expired or released one is
     * taken over with a new version. The CTE reads who held it before, for the log line of a takeover.
     */
    private static final String TAKE = "WITH before AS (SELECT node, lease_until FROM filegate_claim WHERE item = ?)"
            + " INSERT INTO filegate_claim AS c (item, kind, source, node, version, since, lease_until)"
            + " VALUES (?, ?, ?, ?, nextval('filegate_claim_version'), now(), now() + make_interval(secs => ?))"
            + " ON CONFLICT (item) DO UPDATE SET kind = EXCLUDED.kind, source = EXCLUDED.source, node = EXCLUDED.node,"
            + " version = EXCLUDED.version, since = EXCLUDED.since, lease_until = EXCLUDED.lease_until,"
            + " committed = false"
            // committed is final: an S3 version listed before its holder committed it is not taken again
            + " WHERE (c.node IS NULL OR c.lease_until < now()) AND NOT c.committed"
            + " RETURNING c.version, (SELECT node FROM before), (SELECT lease_until FROM before)";

    private final Sql sql;
    private final StoreSettings settings;
    /**
     * Who holds a claim: the node id and this run of it. A node restarted under the same id is another
     * holder, so its heartbeat never renews what the run before it held.
     */
    private final String owner;
    private final String mode;
    private final ScheduledExecutorService heartbeat;
    private volatile long lastRenewedNanos = System.nanoTime();
    private volatile int held;
    private volatile String heartbeatProblem;

    PgClaims(Sql sql, StoreSettings settings, String mode) {
        this.sql = sql;
        this.settings = settings;
        this.owner = settings.nodeId() + "#" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 20, 1L << 25), 36);
        this.mode = mode;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "filegate-store-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        sql.update("INSERT INTO filegate_node (node, started_at, last_seen, mode) VALUES (?, now(), now(), ?)"
                + " ON CONFLICT (node) DO UPDATE SET started_at = now(), last_seen = now(), mode = EXCLUDED.mode",
                ps -> {
                    ps.setString(1, settings.nodeId());
                    ps.setString(2, mode);
                });
        // what a previous run of this node held is free at once (node ids must be unique among live nodes)
        int freed = sql.update("UPDATE filegate_claim SET node = NULL, lease_until = '-infinity'"
                + " WHERE starts_with(node, ?) AND node <> ?", ps -> {
                    ps.setString(1, settings.nodeId() + "#");
                    ps.setString(2, owner);
                });
        if (freed > 0) {
            LOG.info("node {}: freed {} claim(s) its previous run held", settings.nodeId(), freed);
        }
        long every = Math.max(500, settings.leaseSeconds() * 1000L / 3);
        heartbeat.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        LOG.info("node {} on store {}: claims last {} s unless renewed (every {} ms)", owner,
                settings.where(), settings.leaseSeconds(), every);
    }

    /** One heartbeat: every lease this node holds is extended, and the node is seen. */
    void renew() {
        try {
            held = sql.update("UPDATE filegate_claim SET lease_until = now() + make_interval(secs => ?) WHERE node = ?",
                    ps -> {
                        ps.setInt(1, settings.leaseSeconds());
                        ps.setString(2, owner);
                    });
            sql.update("UPDATE filegate_node SET last_seen = now() WHERE node = ?", ps -> ps.setString(1, settings.nodeId()));
            lastRenewedNanos = System.nanoTime();
            if (heartbeatProblem != null) {
                LOG.info("store {} answers again; {} claim(s) renewed", settings.where(), held);
            }
            heartbeatProblem = null;
        } catch (RuntimeException e) {
            if (heartbeatProblem == null) {
                LOG.error("cannot renew this node's claims in {} ({}); once their leases run out ({} s) other nodes"
                        + " take the items over and nothing this node did since is recorded",
                        settings.where(), PgStore.rootMessage(e), settings.leaseSeconds());
            }
            heartbeatProblem = PgStore.rootMessage(e);
        }
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public Optional<Claim> take(String item, Kind kind, String source) {
        return sql.one(TAKE, ps -> {
            ps.setString(1, item);
            ps.setString(2, item);
            ps.setString(3, kind.name().toLowerCase());
            ps.setString(4, source);
            ps.setString(5, owner);
            ps.setInt(6, settings.leaseSeconds());
        }, rs -> {
            long version = rs.getLong(1);
            String before = rs.getString(2);
            Timestamp until = rs.getTimestamp(3);
            if (before != null && !before.equals(owner)) {
                LOG.info("took over {} from node {}, whose lease ran out at {}", source, before,
                        until == null ? "?" : until.toInstant());
            }
            return new Claim(item, version, source);
        });
    }

    @Override
    public void release(Claim claim) {
        if (claim == null || claim.version() == 0) {
            return;
        }
        try {
            sql.update("UPDATE filegate_claim SET node = NULL, lease_until = '-infinity' WHERE item = ? AND version = ?"
                    + " AND node = ?", ps -> {
                        ps.setString(1, claim.item());
                        ps.setLong(2, claim.version());
                        ps.setString(3, owner);
                    });
        } catch (ManifestException e) {
            // not fatal: the lease runs out on its own and the item is taken again
            LOG.warn("could not release the claim on {} ({}); it is free again in at most {} s", claim.source(),
                    e.getMessage(), settings.leaseSeconds());
        }
    }

    @Override
    public void committed(Claim claim) {
        if (claim == null || claim.version() == 0) {
            return;
        }
        sql.update("UPDATE filegate_claim SET node = NULL, lease_until = '-infinity', committed = true WHERE item = ?"
                + " AND version = ? AND node = ?", ps -> {
                    ps.setString(1, claim.item());
                    ps.setLong(2, claim.version());
                    ps.setString(3, owner);
                });
    }

    @Override
    public boolean held(Claim claim) {
        if (claim == null || claim.version() == 0) {
            return true;
        }
        return sql.exists("SELECT 1 FROM filegate_claim WHERE item = ? AND version = ? AND node = ?"
                + " AND lease_until > now()", ps -> {
                    ps.setString(1, claim.item());
                    ps.setLong(2, claim.version());
                    ps.setString(3, owner);
                });
    }

    /**
     * Why a line could not be written under {@code fence}, naming who holds the item now; empty when every
     * claim is still held (the line was refused for another reason).
     */
    Optional<String> explainLost(List<Claim> fence, ManifestEntry e, filegate.manifest.StoreIndex index) {
        for (Claim c : fence) {
            if (held(c)) {
                continue;
            }
            String holder = sql.one("SELECT node FROM filegate_claim WHERE item = ?", ps -> ps.setString(1, c.item()),
                    rs -> rs.getString(1)).orElse(null);
            String what = "";
            if ("uploaded".equals(e.event) && e.fileId != null && index != null) {
                String known = index.uploadedFileId(e.provider, e.purpose, e.sha256).orElse(null);
                what = e.fileId.equals(known) ? " The store has this very upload (" + known + ") from the other node."
                        : known != null ? " " + e.fileId + " is a second copy of " + known + " at " + e.provider
                          + ": delete " + e.fileId + " there."
                        : " If that node uploads it too, " + e.fileId + " is a second copy at " + e.provider
                          + ": compare the file list and delete one.";
            }
            return Optional.of("node " + owner + " lost its claim on " + c.source() + " (lease "
                    + settings.leaseSeconds() + " s ran out while this node was stopped or cut off"
                    + (holder == null ? "" : "; node " + holder + " has it now") + "): its " + e.event
                    + " line is not recorded here and the item is left to the node that holds it." + what);
        }
        return Optional.empty();
    }

    /** Claims this node held at the last heartbeat. */
    public int heldAtLastHeartbeat() {
        return held;
    }

    /** Item claims this node holds now, by kind. */
    public int heldNow() {
        return sql.one("SELECT count(*) FROM filegate_claim WHERE node = ?", ps -> ps.setString(1, owner),
                rs -> rs.getInt(1)).orElse(0);
    }

    public long millisSinceRenewal() {
        return (System.nanoTime() - lastRenewedNanos) / 1_000_000;
    }

    /** Why the last heartbeat failed, or null while it works. */
    public String heartbeatProblem() {
        return heartbeatProblem;
    }

    public StoreSettings settings() {
        return settings;
    }

    /** This run of this node, as the claims table names the holder. */
    public String owner() {
        return owner;
    }

    // --- SharedWork: when a one-shot run on several nodes is finished ---

    @Override
    public Object pollStarting() {
        return sql.one("SELECT now()", ps -> { }, rs -> rs.getTimestamp(1)).orElseThrow();
    }

    /**
     * Settled when no other node still holds an item it had taken before {@code mark} (the start of this
     * node's last poll) with a lease alive then: such items are work of this run that a node may yet drop.
     * A lease that had already run out by then was taken over by that poll if its file was still there.
     */
    @Override
    public boolean settled(Object mark) {
        Timestamp at = (Timestamp) mark;
        int busy = sql.one("SELECT count(*) FROM filegate_claim WHERE kind = 'item' AND node IS NOT NULL AND node <> ?"
                + " AND since < ? AND lease_until > ?", ps -> {
                    ps.setString(1, owner);
                    ps.setTimestamp(2, at);
                    ps.setTimestamp(3, at);
                }, rs -> rs.getInt(1)).orElse(0);
        return busy == 0;
    }

    void close() {
        heartbeat.shutdownNow();
        try {
            // whatever this node still holds is free at once for the others, not after the lease
            int freed = sql.update("UPDATE filegate_claim SET node = NULL, lease_until = '-infinity' WHERE node = ?",
                    ps -> ps.setString(1, owner));
            if (freed > 0) {
                LOG.info("released {} claim(s) on stopping", freed);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not release this node's claims on stopping ({}); they are free once their leases run out",
                    PgStore.rootMessage(e));
        }
    }

}
