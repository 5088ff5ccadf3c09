package filegate.pipeline;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import filegate.manifest.Claim;
import filegate.manifest.Claims;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets one delivery of given bytes (provider, purpose, sha256) through at a time, so that copies found at
 * the same moment are uploaded once: first among this process's upload threads (a latch), then, with a
 * shared store, among all nodes (a content claim: the claims table's primary key decides, not a race).
 * The holder records its outcome before it lets the next in, which then finds the upload and records a
 * duplicate. A holder that dies loses the claim with its lease, and the next holder finds its intent and
 * asks the provider before sending again.
 */
final class ContentGate {
    private static final Logger LOG = LoggerFactory.getLogger(ContentGate.class);
    private static final long MAX_WAIT_STEP_MS = 1000;
    private static final long SAY_AFTER_MS = 10_000;

    private final ConcurrentHashMap<String, CountDownLatch> inFlight = new ConcurrentHashMap<>();
    private final Claims claims;

    ContentGate(Claims claims) {
        this.claims = claims;
    }

    /** Waits until no other thread of this process delivers these bytes; returns what lets the next one in. */
    Runnable enter(String key) throws InterruptedException {
        CountDownLatch mine = new CountDownLatch(1);
        for (CountDownLatch other; (other = inFlight.putIfAbsent(key, mine)) != null; ) {
            other.await();
        }
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                inFlight.remove(key, mine);
                mine.countDown();
            }
        };
    }

    boolean shared() {
        return claims.shared();
    }

    /**
     * With a shared store: waits until this node holds the content claim of these bytes, then makes
     * {@code d.release} give it back too (before the local latch).
     */
    void holdAcrossNodes(String key, Item item, Delivery d) throws InterruptedException {
        String content = "content:" + key.replace('\n', ':');
        String what = d.provider().name() + " upload of " + item.sha256() + " (" + item.source() + ")";
        long start = System.nanoTime();
        long step = 50;
        boolean said = false;
        Optional<Claim> hold;
        while ((hold = claims.take(content, Claims.Kind.CONTENT, what)).isEmpty()) {
            long waited = (System.nanoTime() - start) / 1_000_000;
            if (!said && waited > SAY_AFTER_MS) {
                said = true;
                LOG.info("{} -> {}: another node is uploading the same bytes; waiting for its outcome", item.source(),
                        d.provider().name());
            }
            TimeUnit.MILLISECONDS.sleep(step);
            step = Math.min(MAX_WAIT_STEP_MS, step * 2);
        }
        Claim held = hold.get();
        Runnable local = d.releaser(); // the local latch, freed after the claim
        AtomicBoolean done = new AtomicBoolean();
        d.holdingAcrossNodes(held, () -> {
            if (done.compareAndSet(false, true)) {
                try {
                    claims.release(held);
                } finally {
                    local.run();
                }
            }
        });
    }
}
