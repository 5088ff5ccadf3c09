package filegate.store;

import filegate.manifest.Manifest;
import filegate.source.SyncTracker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;

/**
 * What the routes and the run need from the store in use. The drop-folder template reads files with
 * {@code readLock={{filegate.source.read-lock}}} and {@code idempotentRepository=#fileClaims}: one process
 * alone keeps camel-file's {@code changed} read lock (and the in-memory repository a dry run's
 * {@code noop} uses, as before); a shared store makes it {@code idempotent-changed} with {@link FileClaims}.
 */
public final class StoreWiring {
    /** The read lock a drop folder needs with a shared store. */
    static final String SHARED_READ_LOCK = "idempotent-changed";

    private StoreWiring() {
    }

    /**
     * @param oneShot --sync: with a shared store, sources poll again until the other nodes' work is settled
     */
    public static void wire(CamelContext context, Manifest manifest, boolean oneShot, SyncTracker tracker) {
        var pc = context.getPropertiesComponent();
        if (!manifest.claims().shared()) {
            pc.addOverrideProperty("filegate.source.read-lock", "changed");
            // camel-file's own default for noop/idempotent consumers: the last 1,000 names
            context.getRegistry().bind(FileClaims.BEAN, MemoryIdempotentRepository.memoryIdempotentRepository(1000));
            return;
        }
        PgClaims claims = ((PgStore) manifest).nodeClaims();
        pc.addOverrideProperty("filegate.source.read-lock", SHARED_READ_LOCK);
        FileClaims fileClaims = new FileClaims(claims);
        context.getRegistry().bind(FileClaims.BEAN, fileClaims);
        // several nodes share the folders: claims per file replace the folder lock (OwnerLock)
        tracker.share(claims, fe -> claimAware(fe, fileClaims));
        if (oneShot) {
            // a one-shot run polls again while other nodes still hold items it might have to take over
            pc.addOverrideProperty("filegate.source.repeat-count", "0");
        }
    }

    /** A drop folder read without claims would be taken by every node: such a route is refused. */
    static boolean claimAware(FileEndpoint fe, FileClaims claims) {
        return SHARED_READ_LOCK.equals(fe.getReadLock()) && fe.getIdempotentRepository() == claims;
    }

    /** With a shared store every meter carries the node id, and this node's claims are a gauge. */
    public static void tagMetrics(MeterRegistry registry, Manifest manifest) {
        if (manifest instanceof PgStore pg && pg.nodeClaims() != null) {
            registry.config().commonTags("node", pg.settings().nodeId());
            Gauge.builder("filegate.claims.held", pg.nodeClaims(), PgClaims::heldAtLastHeartbeat)
                    .description("Claims (files, objects, uploads of some bytes) this node held at its last heartbeat")
                    .register(registry);
        }
    }
}
