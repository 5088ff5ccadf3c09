package filegate.pipeline;

import filegate.manifest.StoreIndex;
import filegate.provider.FileRecord;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static filegate.pipeline.Flow.delivery;
import static filegate.pipeline.Flow.item;

/**
 * Step "dedup": the same bytes already uploaded to this provider for this purpose answer as a duplicate
 * (unless expired, gone, or refused by {@code verify}: see {@link DedupCheck}); copies of the same bytes in
 * flight wait for each other; an open intent of an earlier run turns on reconciliation first.
 */
final class Dedup implements Processor {
    /** Logged as the pipeline, as before the steps had classes of their own (log settings name it). */
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private final Outcomes outcomes;
    private final boolean uploadDuplicates;
    private final DedupCheck dedupCheck;
    /** Content being delivered right now, so that two copies of the same bytes are not both sent. */
    private final ContentGate gate;

    Dedup(Outcomes outcomes, boolean uploadDuplicates, DedupCheck dedupCheck) {
        this.outcomes = outcomes;
        this.uploadDuplicates = uploadDuplicates;
        this.dedupCheck = dedupCheck;
        this.gate = new ContentGate(outcomes.manifest().claims());
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        Item item = item(exchange);
        Delivery d = delivery(exchange);
        if (d.event() != null || uploadDuplicates || outcomes.dryRun()) {
            if (d.event() == null && outcomes.dryRun()) {
                checkIndex(item, d);
            }
            return;
        }
        // hold the content key until this delivery's outcome is recorded; a parallel copy waits, then
        // finds the upload in the index instead of sending the same bytes again
        String key = d.provider().name() + '\n' + item.classification().purpose() + '\n' + item.sha256();
        d.holding(gate.enter(key));
        // backstop: whatever happens to this exchange, the key is freed when it completes
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                d.releaseContent();
            }
        });
        // with a shared store the same bytes may be on their way from another node: unless they are known
        // already, wait for the cluster-wide hold on them too
        if (gate.shared() && outcomes.manifest().index()
                .uploadedFileId(d.provider().name(), item.classification().purpose(), item.sha256()).isEmpty()) {
            gate.holdAcrossNodes(key, item, d);
        }
        checkIndex(item, d);
    }

    private void checkIndex(Item item, Delivery d) {
        StoreIndex index = outcomes.manifest().index();
        String purpose = item.classification().purpose();
        index.uploaded(d.provider().name(), purpose, item.sha256()).ifPresent(known -> {
            DedupCheck.Decision decision = dedupCheck.decide(item, d, known);
            if (decision.duplicateOf() != null) {
                d.duplicateOf(FileRecord.known(decision.duplicateOf(), item.bytes(), d.purpose()));
            } else {
                d.replacing(decision.replaces(), decision.why(), "replaces " + decision.replaces() + ", which " + (decision.why().equals("expired")
                        ? "has expired (or expires within the hour)" : "the provider no longer has"));
            }
        });
        if (d.event() == null) {
            // an earlier run began this upload and never recorded how it ended: ask the provider first
            index.openIntent(d.provider().name(), purpose, item.sha256()).ifPresent(open -> {
                d.resumingIntent(open.attempt, java.time.Instant.parse(open.ts).toEpochMilli());
                LOG.info("{} -> {}: an earlier run was interrupted during this upload; checking the provider's"
                        + " file list before sending", item.source(), d.provider().name());
            });
        }
    }
}
