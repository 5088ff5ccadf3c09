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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure reports of a source item, written beside where it ends up (or where its source says):
 * {@code <name>.error.json}, every provider's outcome and what to do, and, when validation rejected it,
 * {@code <name>.errors.json}, the problems with line numbers. A dry run writes none.
 */
public final class Reports {
    private static final Logger LOG = LoggerFactory.getLogger("filegate.outcome");
    private final boolean dryRun;

    Reports(boolean dryRun) {
        this.dryRun = dryRun;
    }

    /**
     * Writes {@code <name>.error.json} (every provider's outcome and what to do) and, when validation
     * rejected the file, {@code <name>.errors.json} (the problems with line numbers) beside where the
     * failed file will be, before the file moves there.
     */
    public void writeSidecars(Item item, Path failedTarget) {
        writeReports(item, failedTarget, DROP_FOLDER_RETRY);
    }

    /** Both reports for any source; {@code retry} tells a person how to send the source again. */
    public void writeReports(Item item, Path failedTarget, String retry) {
        if (dryRun) {
            return;
        }
        writeSidecar(item, failedTarget, retry);
        List<Map<String, Object>> reports = new ArrayList<>();
        for (Delivery d : item.deliveries()) {
            if (d.report() != null) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("provider", d.provider().name());
                r.putAll(d.report().toMap());
                reports.add(r);
            }
        }
        if (!reports.isEmpty()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("source", item.source());
            doc.put("rule", item.classification().rule());
            doc.put("purpose", item.classification().purpose());
            doc.put("file_type", item.classification().fileType());
            doc.put("bytes", item.bytes());
            doc.put("sha256", item.sha256());
            doc.put("reports", reports);
            writeJson(failedTarget.resolveSibling(failedTarget.getFileName() + ".errors.json"), doc);
        }
    }

    /** Writes {@code <name>.error.json}: every provider's outcome and what to do. */
    public void writeSidecar(Item item, Path failedTarget) {
        writeSidecar(item, failedTarget, DROP_FOLDER_RETRY);
    }

    private static final String DROP_FOLDER_RETRY = "fix the cause, then move this file back into the drop folder;"
            + " providers that already have these bytes are not sent them again";

    /** Writes {@code <failedTarget>.error.json}; {@code retry} tells a person how to send the source again. */
    public void writeSidecar(Item item, Path failedTarget, String retry) {
        if (dryRun) {
            return;
        }
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
        doc.put("source", item.source());
        if (item.etag() != null) {
            doc.put("etag", item.etag());
        }
        doc.put("ts", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        doc.put("sha256", item.sha256());
        doc.put("bytes", item.bytes());
        if (item.classification() != null) {
            doc.put("rule", item.classification().rule());
            doc.put("purpose", item.classification().purpose());
            doc.put("file_type", item.classification().fileType());
        }
        List<Map<String, Object>> providers = new ArrayList<>();
        for (Delivery d : item.deliveries()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("provider", d.provider().name());
            p.put("outcome", d.event() == null ? "not attempted" : d.event().wire());
            if (d.record() != null) {
                p.put("file_id", d.record().id());
            }
            if (d.error() != null) {
                p.put("error", d.error());
            }
            if (d.hint() != null) {
                p.put("what_to_do", d.hint());
            }
            providers.add(p);
        }
        doc.put("providers", providers);
        doc.put("retry", retry);
        return JsonlManifest.toJson(doc) + "\n";
    }

    private static void writeJson(Path sidecar, Map<String, Object> doc) {
        try {
            Files.createDirectories(sidecar.getParent());
            Path tmp = sidecar.resolveSibling("." + sidecar.getFileName() + ".tmp");
            Files.writeString(tmp, JsonlManifest.toJson(doc) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, sidecar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("could not write {}: {} (the manifest still has the failure)", sidecar, e.getMessage());
        }
    }
}
