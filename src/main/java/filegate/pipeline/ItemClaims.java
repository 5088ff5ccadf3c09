package filegate.pipeline;

import java.util.ArrayList;
import java.util.List;

import filegate.manifest.Claim;
import filegate.manifest.ClaimLostException;
import filegate.manifest.Claims;
import org.apache.camel.Processor;

/** What the pipeline does with claims of a shared store: fence its lines, and check before a commit. */
final class ItemClaims {
    private ItemClaims() {
    }

    /** The claims a line about this delivery is written under: the item's, and the hold on its content. */
    static List<Claim> fence(Item item, Delivery d) {
        List<Claim> out = new ArrayList<>(2);
        if (item.claim != null) {
            out.add(item.claim);
        }
        if (d != null && d.contentHold != null) {
            out.add(d.contentHold);
        }
        return out;
    }

    /**
     * Before the source is committed: the item must still be this node's. A node stopped (or cut off)
     * longer than its lease may find that another node took the item and committed it, or is doing so.
     */
    static Processor stillHeld(Claims claims) {
        return exchange -> {
            Item item = Pipeline.item(exchange);
            if (item != null && item.claim != null && !claims.held(item.claim)) {
                throw new ClaimLostException("lost the claim on " + item.source + " before committing it (the lease"
                        + " ran out while this node was stopped or cut off); the file is left to the node that"
                        + " holds it now");
            }
        };
    }

    /** Whether a failure is (or wraps) a lost claim. */
    static boolean lost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ClaimLostException) {
                return true;
            }
        }
        return false;
    }
}
