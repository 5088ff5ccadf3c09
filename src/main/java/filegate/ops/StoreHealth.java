package filegate.ops;

import java.util.Map;

import filegate.store.PgClaims;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * {@code store}: the shared store answers and this node's heartbeat renews its claims. DOWN when the
 * heartbeat fails (the node's leases run out and other nodes take its items over); the message names the
 * node and the claims it holds.
 */
public final class StoreHealth extends AbstractHealthCheck {
    private final PgClaims claims;

    public StoreHealth(PgClaims claims) {
        super("filegate", "store");
        this.claims = claims;
    }

    @Override
    public boolean isLiveness() {
        return false; // a store that does not answer is fixed outside; restarting does not help
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        var s = claims.settings();
        builder.detail("node", s.nodeId());
        builder.detail("store", s.where());
        try {
            int held = claims.heldNow();
            builder.detail("claims", held);
            String problem = claims.heartbeatProblem();
            long since = claims.millisSinceRenewal();
            if (problem != null) {
                builder.down().message("node " + s.nodeId() + " cannot renew its " + held + " claim(s) in " + s.where()
                        + " (" + problem + "); other nodes take them over once the leases (" + s.leaseSeconds()
                        + " s) run out");
                return;
            }
            builder.up().message("node " + s.nodeId() + " holds " + held + " claim(s) in " + s.where()
                    + "; leases of " + s.leaseSeconds() + " s, last renewed " + since / 1000 + " s ago");
        } catch (RuntimeException e) {
            builder.down().message("node " + s.nodeId() + ": the store " + s.where() + " does not answer: "
                    + e.getMessage());
        }
    }
}
