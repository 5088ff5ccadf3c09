package filegate.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import filegate.manifest.JsonlManifest;
import filegate.manifest.Manifest;
import filegate.manifest.ManifestEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place an outcome is made durable and told: a manifest line (forced to disk), a count for
 * the run summary, one log line a person can act on, and for failures a sidecar next to the file.
 */
public final class Outcomes {
    private static final Logger LOG = LoggerFactory.getLogger("filegate.outcome");

    private final Manifest manifest;
    private final RunStats stats;

    public Outcomes(Manifest manifest, RunStats stats) {
        this.manifest = manifest;
        this.stats = stats;
    }

    public Manifest manifest() {
        return manifest;
    }

    public RunStats stats() {
        return stats;
    }

    /** Records a file no rule matched, unless this source at this size was recorded before. */
    public synchronized void unmatchedOnce(String source, String rel, long bytes) {
        if (manifest.index().unmatchedRecorded(source, bytes)) {
            return;
        }
        unmatched(source, rel, bytes, null, "the file stays where it is (add a rule, or rename it, e.g. to"
                + " .jsonl/.pdf/.png)");
    }

    /** Records an S3 object no rule matched, once per version (ETag); it is neither downloaded nor touched. */
    public synchronized void unmatchedOnce(String source, String rel, long bytes, String etag) {
        if (manifest.index().unmatchedRecorded(source, etag)) {
            return;
        }
        unmatched(source, rel, bytes, etag, "the object stays where it is and was not downloaded (add a rule,"
                + " or rename it, e.g. to .jsonl/.pdf/.png)");
    }

    private void unmatched(String source, String rel, long bytes, String etag, String what) {
        ManifestEntry e = new ManifestEntry("unmatched");
        e.source = source;
        e.etag = etag;
        e.bytes = bytes;
        e.reason = "no naming rule matches '" + rel + "'; " + what;
        manifest.append(e);
        stats.add(RunStats.Counter.UNMATCHED);
        LOG.info("unmatched {} ({} bytes): {}", source, bytes, e.reason);
    }

    /** Records one delivery's outcome. */
    public void record(Item item, Delivery d) {
        ManifestEntry e = base(item, d);
        switch (d.event) {
            case UPLOADED -> {
                e.fileId = d.record.id();
                e.createdAt = d.record.createdAt();
                e.expiresAt = d.record.expiresAt();
                e.status = d.record.status();
                e.attempts = d.attempts;
                stats.add(RunStats.Counter.UPLOADED);
                stats.addBytes(item.bytes);
            }
            case DUPLICATE -> {
                e.fileId = d.record.id();
                e.reason = "the same bytes were already uploaded to " + d.provider.name() + " for purpose "
                        + item.classification.purpose();
                stats.add(RunStats.Counter.DUPLICATE);
            }
            case REJECTED -> {
                e.error = d.error;
                e.reason = d.hint;
                stats.add(RunStats.Counter.REJECTED);
            }
            case FAILED -> {
                e.error = d.error;
                e.reason = d.hint;
                e.attempts = d.attempts;
                stats.add(RunStats.Counter.FAILED);
            }
            default -> throw new IllegalStateException(String.valueOf(d.event));
        }
        manifest.append(e);
        log(item, d);
    }

    private ManifestEntry base(Item item, Delivery d) {
        ManifestEntry e = new ManifestEntry(d.event.wire());
        e.source = item.source;
        e.etag = item.etag;
        e.bytes = item.bytes;
        e.sha256 = item.sha256;
        e.provider = d.provider.name();
        e.purpose = item.classification.purpose();
        if (!d.purpose.equals(e.purpose)) {
            e.providerPurpose = d.purpose;
        }
        e.fileType = item.classification.fileType();
        e.rule = item.classification.rule();
        e.filename = item.filename();
        return e;
    }

    private void log(Item item, Delivery d) {
        long ms = d.startedNanos == 0 ? 0 : (System.nanoTime() - d.startedNanos) / 1_000_000;
        switch (d.event) {
            case UPLOADED -> LOG.info("uploaded {} -> {} {} (purpose {}, {} bytes, {} ms, {} attempt(s))",
                    item.source, d.provider.name(), d.record.id(), d.purpose, item.bytes, ms, d.attempts);
            case DUPLICATE -> LOG.info("duplicate {} -> {} already has it as {} (purpose {}); not uploaded again",
                    item.source, d.provider.name(), d.record.id(), d.purpose);
            case REJECTED -> LOG.warn("rejected {} for {}: {}", item.source, d.provider.name(), d.hint);
            case FAILED -> LOG.warn("failed {} -> {} after {} attempt(s), {} ms: {} | {}", item.source,
                    d.provider.name(), d.attempts, ms, d.error.get("message"), d.hint);
            default -> { }
        }
    }

    /** Writes {@code <name>.error.json} beside where the failed file will be, before the file moves there. */
    public void writeSidecar(Item item, Path failedTarget) {
        writeSidecar(item, failedTarget, "fix the cause, then move this file back into the drop folder; providers"
                + " that already have these bytes are not sent them again");
    }

    /** Writes {@code <failedTarget>.error.json}; {@code retry} tells a person how to send the source again. */
    public void writeSidecar(Item item, Path failedTarget, String retry) {
        Path sidecar = failedTarget.resolveSibling(failedTarget.getFileName() + ".error.json");
        try {
            Files.createDirectories(sidecar.getParent());
            Path tmp = sidecar.resolveSibling("." + sidecar.getFileName() + ".tmp");
            Files.writeString(tmp, sidecarJson(item, retry), StandardCharsets.UTF_8);
            Files.move(tmp, sidecar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("could not write {}: {} (the manifest still has the failure)", sidecar, e.getMessage());
        }
    }

    /** The failure report of one source: what each provider said and what to do, as pretty JSON. */
    public String sidecarJson(Item item, String retry) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("source", item.source);
        if (item.etag != null) {
            doc.put("etag", item.etag);
        }
        doc.put("ts", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        doc.put("sha256", item.sha256);
        doc.put("bytes", item.bytes);
        if (item.classification != null) {
            doc.put("rule", item.classification.rule());
            doc.put("purpose", item.classification.purpose());
            doc.put("file_type", item.classification.fileType());
        }
        List<Map<String, Object>> providers = new ArrayList<>();
        for (Delivery d : item.deliveries) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("provider", d.provider.name());
            p.put("outcome", d.event == null ? "not attempted" : d.event.wire());
            if (d.record != null) {
                p.put("file_id", d.record.id());
            }
            if (d.error != null) {
                p.put("error", d.error);
            }
            if (d.hint != null) {
                p.put("what_to_do", d.hint);
            }
            providers.add(p);
        }
        doc.put("providers", providers);
        doc.put("retry", retry);
        return JsonlManifest.toJson(doc) + "\n";
    }
}
