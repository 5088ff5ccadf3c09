package filegate.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import filegate.manifest.JsonlManifest;
import filegate.manifest.ManifestEntry;
import filegate.pipeline.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source waiting for every awaited provider's verdict: a drop-folder file in {@code .processing/},
 * or an S3 object (already committed by its source), whose failure report is written next to the manifest.
 * Once the last verdict is in, the file goes to {@code .done/<day>/} or, if any provider failed to process
 * it, to {@code .failed/} with {@code <name>.error.json} saying what the provider said.
 */
final class Hold {
    private static final Logger LOG = LoggerFactory.getLogger(Hold.class);
    static final String RETRY = "the provider could not process the file: fix what it said (see error), then move"
            + " this file back into the drop folder (or run --requeue-failed); a file the provider refused is not"
            + " taken as already uploaded, since its id is recorded as processing_failed";

    final String source;
    /** The drop folder, or null for an S3 object. */
    private final Path root;
    private final String rel;
    /** Where the file waits; asked late, since the drop folder moves it there only after its line is durable. */
    private final Supplier<Path> heldAt;
    /** Where an S3 object's report goes (with .error.json appended), or null for a drop-folder file. */
    private final Path reportAt;
    private int open;
    private final List<Map<String, Object>> verdicts = new ArrayList<>();
    private boolean failed;
    private ManifestEntry sample;

    Hold(String source, Path root, String rel, Supplier<Path> heldAt, Path reportAt) {
        this.source = source;
        this.root = root;
        this.rel = rel;
        this.heldAt = heldAt;
        this.reportAt = reportAt;
    }

    synchronized void expect() {
        open++;
    }

    /** Notes one provider's verdict; true when it was the last one awaited. */
    synchronized boolean settle(PendingCheck c, boolean ok, Map<String, Object> error, String hint) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("provider", c.provider);
        v.put("outcome", ok ? "processed" : "processing_failed");
        v.put("file_id", c.fileId);
        if (error != null) {
            v.put("error", error);
        }
        if (hint != null) {
            v.put("what_to_do", hint);
        }
        verdicts.add(v);
        failed |= !ok;
        sample = c.uploaded;
        return --open == 0;
    }

    synchronized boolean failed() {
        return failed;
    }

    /** The held file, if it has reached .processing/ (false: not yet, try again shortly). */
    boolean arrived() {
        Path p = heldAt.get();
        return root == null || (p != null && (!held(p) || Files.exists(p)));
    }

    /** Whether the source went to .processing/ at all (not when another provider failed it: then .failed/). */
    private boolean held(Path p) {
        return p.toAbsolutePath().startsWith(root.toAbsolutePath().resolve(Pipeline.HOLD_DIR));
    }

    /** Moves the file out of .processing/ (or writes the S3 report); returns where it went, for the log. */
    synchronized String release() throws IOException {
        if (root == null) {
            if (!failed) {
                return null;
            }
            writeReport(reportAt);
            return reportAt + ".error.json";
        }
        Path from = heldAt.get();
        if (from == null || !held(from)) {
            return null;
        }
        if (!Files.exists(from)) {
            LOG.warn("{}: no longer in {} (moved by hand?); its verdict is recorded in the manifest only", source,
                    root.resolve(Pipeline.HOLD_DIR));
            return null;
        }
        Path to = failed ? Pipeline.unique(root.resolve(".failed").resolve(rel))
                : Pipeline.unique(root.resolve(".done").resolve(LocalDate.now(ZoneOffset.UTC).toString()).resolve(rel));
        if (failed) {
            // the report first: a file in .failed/ always has one beside it
            writeReport(to);
        }
        Files.createDirectories(to.getParent());
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        return to.toString();
    }

    private void writeReport(Path target) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("source", source);
        if (sample.etag != null) {
            doc.put("etag", sample.etag);
        }
        doc.put("ts", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        doc.put("sha256", sample.sha256);
        doc.put("bytes", sample.bytes);
        doc.put("rule", sample.rule);
        doc.put("purpose", sample.purpose);
        doc.put("file_type", sample.fileType);
        doc.put("providers", verdicts);
        doc.put("retry", root == null ? "the object was uploaded and committed before the provider refused it:"
                + " fix it and upload a changed object" : RETRY);
        Path sidecar = target.resolveSibling(target.getFileName() + ".error.json");
        Files.createDirectories(sidecar.getParent());
        Path tmp = sidecar.resolveSibling("." + sidecar.getFileName() + ".tmp");
        Files.writeString(tmp, JsonlManifest.toJson(doc) + "\n");
        Files.move(tmp, sidecar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
