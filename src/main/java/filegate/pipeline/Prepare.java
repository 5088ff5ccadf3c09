package filegate.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import filegate.net.TlsWarmUp;
import filegate.provider.Provider;
import filegate.provider.Providers;
import filegate.rules.Classification;
import filegate.rules.Rules;
import filegate.source.SourceGuard;
import filegate.source.SourceItem;
import filegate.validate.Prepared;
import filegate.validate.Preparer;
import filegate.validate.ValidationReport;
import filegate.validate.ValidationRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import static filegate.pipeline.Flow.item;
import static filegate.pipeline.Flow.startsWithIgnoreCase;

/**
 * Step "prepare": classify the file (unless its source did), plan one delivery per target provider (one
 * that cannot take the file rejects it now), then read the file once for size, sha256, sniffing and every
 * provider's checks; a report with problems rejects that delivery. Nothing rejected reaches the network.
 */
final class Prepare implements Processor {
    private final Rules rules;
    private final Providers providers;
    private final Outcomes outcomes;
    private SourceGuard guard;

    Prepare(Rules rules, Providers providers, Outcomes outcomes) {
        this.rules = rules;
        this.providers = providers;
        this.outcomes = outcomes;
    }

    /** The drop folders' guard, once the registry has it. */
    void bind(CamelContext context) {
        guard = context.getRegistry().lookupByNameAndType("sourceGuard", SourceGuard.class);
    }

    /** Classify, hash and plan one delivery per target provider; a provider that cannot take it rejects now. */
    @Override
    public void process(Exchange exchange) throws IOException {
        Item item = item(exchange);
        if (item == null) {
            // what the source handed over (SourceItem): the pipeline's own item wraps it
            item = new Item(exchange.getProperty(SourceItem.PROPERTY, SourceItem.class));
            exchange.setProperty(Item.PROPERTY, item);
            // camel-file's dozen CamelFile* headers would be copied by the split and weighed by camel-http's
            // header filter on every request; the item has what is needed (the move uses the GenericFile)
            exchange.getMessage().getHeaders().keySet().removeIf(name -> startsWithIgnoreCase(name, "CamelFile"));
        }
        // claimed before it waited in the queue: still this node's? (not after a stop longer than the lease)
        ItemClaims.check(item, outcomes.manifest().claims());
        // a source whose bytes live elsewhere (S3) brings them here now, on this upload thread: only the
        // files in flight have a local copy. Nothing left to read: no outcome, the source has said why
        if (!item.origin().fetch()) {
            exchange.setRouteStop(true);
            return;
        }
        String rel = item.rel();
        checkStillInside(item);
        if (item.classification() == null) {
            // a source may hand over an item it classified itself; only otherwise do the rules decide
            long size = Files.size(item.path());
            item.classified(rules.classify(rel, size).orElseThrow(() -> new IllegalStateException(
                    "no rule matches " + rel + " although the source let it through")));
        }
        Classification c = item.classification();
        long size = Files.size(item.path());
        List<ValidationRequest> checks = new ArrayList<>();
        List<Delivery> checked = new ArrayList<>();
        boolean md5 = false;
        boolean worthReading = false;
        for (String name : c.providers()) {
            Provider p = providers.get(name);
            Delivery d = new Delivery(p, p.providerPurpose(c.purpose()));
            Optional<String> refusal = p.refusal(c.purpose(), c.fileType(), size,
                    p.expiryFor(c.expiresAfterSeconds()));
            if (refusal.isPresent()) {
                d.rejected(Map.of("code", "PROVIDER_REFUSES", "message", refusal.get()), null,
                        refusal.get() + "; change the naming rule or the target provider");
            } else {
                checks.add(p.validationRequest(c.purpose(), c.fileType()));
                checked.add(d);
            }
            // a file too large for every target is refused unread: hashing gigabytes to say no helps no one
            worthReading |= refusal.isEmpty() || size <= p.maxBytesFor(c.purpose());
            md5 |= refusal.isEmpty() && p.usesUploadsApi(size);
            item.deliveries().add(d);
        }
        item.sized(size);
        if (!worthReading) {
            return;
        }
        // before the first byte is read: what was validated is what is archived, or nothing is
        item.origin().beforeRead();
        // a large file for a TLS provider: the JDK's AES-GCM gets compiled while this file is hashed
        TlsWarmUp.ahead(item.deliveries().stream().map(d -> d.provider().uploadUrl()), size);
        // one pass over the bytes: size, sha256, what the content really is, and every provider's checks
        long t0 = System.nanoTime();
        // a buffer the size of the file, within 64 KiB..1 MiB: a fresh 1 MiB array per 10 KiB file was most
        // of what small-file runs allocated, and in a small heap each one is a "humongous" G1 allocation
        int buffer = (int) Math.max(64 << 10, Math.min(Preparer.Options.DEFAULT.bufferBytes(), size + 1));
        Prepared prepared = Preparer.prepare(item.path(), checks, new Preparer.Options(buffer, true, md5));
        item.prepared(prepared.bytes(), prepared.sha256(), prepared.md5(), (System.nanoTime() - t0) / 1_000_000);
        for (int i = 0; i < checked.size(); i++) {
            ValidationReport report = prepared.reports().get(i);
            if (!report.ok()) {
                Delivery d = checked.get(i);
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("code", report.problems().isEmpty() ? "INVALID" : report.problems().get(0).code());
                error.put("message", report.summary());
                error.put("counts", report.counts());
                // a dry run writes no report: its row lists the first problems instead
                d.rejected(error, report, "the file does not pass " + d.provider().name() + "'s checks for purpose " + c.purpose()
                        + (outcomes.dryRun() ? ": fix the problems listed and drop it again"
                        : ": fix it (problems with line numbers in " + item.filename() + ".errors.json) and drop it again"));
            }
        }
    }

    /**
     * The scan checked links and names; a file swapped for a link since then must not be read now. Checked
     * before the file is first read and before every upload attempt.
     */
    void checkStillInside(Item item) {
        if (item.root() == null || guard == null) {
            return;
        }
        guard.check(item.root().toString(), item.rel(), false).ifPresent(r -> {
            throw new IllegalStateException(item.source() + " was replaced by " + r.reason() + " after the scan;"
                    + " it is not read and stays where it is");
        });
    }
}
