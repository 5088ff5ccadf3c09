package filegate.pipeline;

import java.util.ArrayList;
import java.util.List;

import filegate.manifest.Claim;
import filegate.manifest.ClaimLostException;
import filegate.manifest.Claims;
import org.apache.camel.Processor;

/** What the pipeline does with claims of a shared store: fence its lines, and check before a commit. */
final class ItemClaims {
    /** Where lost claims are told: a warning, since the item is in another node's hands. */
    static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("filegate.claims");
    private ItemClaims() {
    }

    /** The claims a line about this delivery is written under: the item's, and the hold on its content. */
    static List<Claim> fence(Item item, Delivery d) {
        List<Claim> out = new ArrayList<>(2);
        if (item.claim() != null) {
            out.add(item.claim());
        }
        if (d != null && d.contentHold() != null) {
            out.add(d.contentHold());
        }
        return out;
    }

    /**
     * Before the source is committed: the item must still be this node's. A node stopped (or cut off)
     * longer than its lease may find that another node took the item and committed it, or is doing so.
     */
    static Processor stillHeld(Claims claims) {
        return exchange -> {
            Item item = Flow.item(exchange);
            if (item != null && item.claim() != null && !claims.held(item.claim())) {
                throw lost(item, "before committing it");
            }
        };
    }

    /** Before any work on an item that waited for an upload thread: it must still be this node's. */
    static void check(Item item, Claims claims) {
        if (item.claim() != null && !claims.held(item.claim())) {
            throw lost(item, "before working on it");
        }
    }

    private static ClaimLostException lost(Item item, String when) {
        String message = "lost the claim on " + item.source() + " " + when + " (its lease ran out while this node was"
                + " stopped or cut off); it is left to the node that holds it now";
        LOG.warn("{}", message);
        return new ClaimLostException(message);
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
