package filegate.pipeline;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import filegate.manifest.Manifest;
import filegate.manifest.ManifestEntry;
import filegate.rules.Classification;
import filegate.source.SourceEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one place an outcome is made durable and told: a manifest line (forced to disk), a count for
 * the run summary, one log line a person can act on, and for failures a sidecar next to the file.
 */
public final class Outcomes implements SourceEvents {
    private static final Logger LOG = LoggerFactory.getLogger("filegate.outcome");

    private final Manifest manifest;
    private final RunStats stats;
    private final Plan plan;
    private final Telemetry telemetry;
    private final Set<String> plannedUnmatched = new HashSet<>();
    private final SourceRefusals refusals = new SourceRefusals(this);
    private final Reports reports;

    /** @param plan where a dry run collects its rows instead of writing anything; null for a real run */
    public Outcomes(Manifest manifest, RunStats stats, Plan plan) {
        this(manifest, stats, plan, Telemetry.NONE);
    }

    private volatile AfterUpload afterUpload = AfterUpload.NONE;

    public Outcomes(Manifest manifest, RunStats stats, Plan plan, Telemetry telemetry) {
        this.manifest = manifest;
        this.stats = stats;
        this.plan = plan;
        this.telemetry = telemetry;
        this.reports = new Reports(plan != null);
    }

    /** What follows a recorded upload (processing checks); set once at start-up, before any file. */
    public void afterUpload(AfterUpload next) {
        this.afterUpload = next;
    }

    public AfterUpload afterUpload() {
        return afterUpload;
    }

    @Override
    public boolean dryRun() {
        return plan != null;
    }

    @Override
    public Manifest manifest() {
        return manifest;
    }

    public RunStats stats() {
        return stats;
    }

    Plan plan() {
        return plan;
    }

    /** Where sources report entries they refuse before any rule looks at them. */
    public SourceRefusals refusals() {
        return refusals;
    }

    @Override
    public void refuse(String source, long bytes, String code, String reason) {
        refusals.refuse(source, bytes, code, reason);
    }

    /** Dry run only: a file a rule claims that is still being written; it is planned once it is still. */
    @Override
    public synchronized void waiting(String source, String rel, long bytes, long ageMs, long stableMs) {
        if (plan != null && plannedUnmatched.add(source + '\n' + bytes + "\nwaiting")) {
            plan.add(new Plan.Row(source, null, null, null, null, bytes, "waiting", "still changing (modified "
                    + ageMs + " ms ago; a file is taken once it has been still for " + stableMs
                    + " ms, filegate.inbox.stable-ms)"));
        }
    }

    /** Records a file no rule matched, unless this source at this size was recorded before. */
    @Override
    public synchronized void unmatchedOnce(String source, String rel, long bytes) {
        String reason = "no naming rule matches '" + rel + "'; the file stays where it is"
                + " (add a rule, or rename it, e.g. to .jsonl/.pdf/.png)";
        if (plan != null) {
            // camel-file may run its filter more than once per file in one scan
            if (plannedUnmatched.add(source + '\n' + bytes)) {
                plan.add(new Plan.Row(source, null, null, null, null, bytes, "unmatched", reason));
            }
            return;
        }
        if (manifest.index().unmatchedRecorded(source, bytes)) {
            return;
        }
        unmatched(source, rel, bytes, null, "the file stays where it is (add a rule, or rename it, e.g. to"
                + " .jsonl/.pdf/.png)");
    }

    /** Records an S3 object no rule matched, once per version (ETag); it is neither downloaded nor touched. */
    @Override
    public synchronized void unmatchedOnce(String source, String rel, long bytes, String etag) {
        if (plan != null) {
            if (plannedUnmatched.add(source + '\n' + etag)) {
                plan.add(new Plan.Row(source, null, null, null, null, bytes, "unmatched",
                        "no naming rule matches '" + rel + "'; the object stays where it is"));
            }
            return;
        }
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
        stats.add(RunStats.Counter.UNMATCHED, bytes);
        telemetry.unmatched();
        LOG.info("unmatched {} ({} bytes): {}", source, bytes, e.reason);
    }

    /**
     * Writes the durable intent before the first byte of an upload leaves, so that a crash or an ambiguous
     * failure can later be settled from the provider's file list instead of by uploading again.
     */
    public void intent(Item item, Delivery d) {
        if (d.attemptId() != null || plan != null) {
            return; // resuming an earlier run's intent, which is already on disk
        }
        // unique across runs is all an attempt id needs: 128 bits of ThreadLocalRandom, not SecureRandom's
        // locked /dev/urandom read per file that UUID.randomUUID() does
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String attempt = new UUID(random.nextLong(), random.nextLong()).toString();
        long now = System.currentTimeMillis();
        ManifestEntry e = base(item, d, "intent");
        e.attempt = attempt;
        e.ts = Instant.ofEpochMilli(now).toString();
        manifest.append(e);
        // only once the line is on disk: an attempt after a failed append must write it, not skip it
        d.intentWritten(attempt, now);
    }

    /**
     * Journals a new Uploads API upload, so that after a crash a later run can send only the parts that
     * are missing instead of the whole file.
     */
    public void uploadCreated(Item item, Delivery d, String uploadId, Long expiresAt, long partBytes, int parts) {
        ManifestEntry e = base(item, d, "upload-created");
        e.attempt = d.attemptId();
        e.uploadId = uploadId;
        e.expiresAt = expiresAt;
        e.partBytes = partBytes;
        e.parts = parts;
        manifest.append(e);
        LOG.info("uploading {} -> {} in {} parts of up to {} bytes through the Uploads API (upload {}{})",
                item.source(), d.provider().name(), parts, partBytes, uploadId,
                expiresAt == null ? "" : ", open until " + Instant.ofEpochSecond(expiresAt));
    }

    /** Journals one part the provider confirmed. */
    public void partUploaded(Item item, Delivery d, String uploadId, int part, String partId) {
        ManifestEntry e = new ManifestEntry("part-uploaded");
        e.source = item.source();
        e.fence = ItemClaims.fence(item, d);
        e.provider = d.provider().name();
        e.uploadId = uploadId;
        e.part = part;
        e.partId = partId;
        manifest.append(e);
        LOG.debug("{} -> {}: part {} of upload {} is there as {}", item.source(), d.provider().name(), part, uploadId,
                partId);
    }

    /**
     * Journals that an upload will not be completed (cancelled, expired, or refused by the provider), so
     * no later run tries to resume it.
     */
    public void uploadAbandoned(Item item, Delivery d, String uploadId, String reason) {
        ManifestEntry e = new ManifestEntry("upload-abandoned");
        e.source = item.source();
        e.fence = ItemClaims.fence(item, d);
        e.provider = d.provider().name();
        e.sha256 = item.sha256();
        e.uploadId = uploadId;
        e.reason = reason;
        manifest.append(e);
        LOG.info("{} -> {}: upload {} abandoned: {}", item.source(), d.provider().name(), uploadId, reason);
    }

    /** An upload is about to start (its intent is durable); counted as in flight until its outcome. */
    public void uploadStarting(Delivery d) {
        if (d.takeOff()) {
            telemetry.uploadStarted(d.provider().name());
        }
    }

    /** An attempt failed and is about to be repeated. */
    public void retrying(Delivery d) {
        stats.retried();
        telemetry.retry(d.provider().name());
    }

    /** Records one delivery's outcome. */
    public void record(Item item, Delivery d) {
        if (d.land()) {
            // before the manifest write: a write that fails must not leave the upload counted forever
            telemetry.uploadEnded(d.provider().name());
        }
        if (plan != null) {
            Classification c = item.classification();
            List<filegate.validate.Problem> problems = d.report() == null ? List.of()
                    : d.report().problems().stream().limit(Plan.PROBLEMS_SHOWN).toList();
            plan.add(new Plan.Row(item.source(), c.rule(), c.purpose(), c.fileType(), d.provider().name(), item.bytes(),
                    d.event().wire(), d.event() == Delivery.Event.DUPLICATE ? "already uploaded as " + d.record().id()
                    : d.hint(), d.purpose().equals(c.purpose()) ? null : d.purpose(), problems,
                    d.report() == null ? 0 : d.report().totalProblems()));
            return;
        }
        ManifestEntry e = base(item, d, d.event().wire());
        switch (d.event()) {
            case UPLOADED -> {
                e.fileId = d.record().id();
                e.createdAt = d.record().createdAt();
                e.expiresAt = d.record().expiresAt();
                e.status = d.record().status();
                e.processed = d.record().processed();
                e.providerFileType = d.record().providerFileType();
                e.attempts = d.attempts();
                e.attempt = d.attemptId();
                e.uploadMs = d.uploadMs();
                e.prepareMs = item.prepareMs();
                e.reconciled = d.wasReconciled() ? Boolean.TRUE : null;
                e.reconcile = d.reconcileNote();
                e.uploadId = d.uploadId();
                e.parts = d.parts() > 0 ? d.parts() : null;
                e.partsResumed = d.partsResumed() > 0 ? d.partsResumed() : null;
                e.replaces = d.replaces();
                e.replaced = d.replaced();
                // marks the line as awaited, so a restart finds its check again (filegate.lifecycle)
                e.awaitProcessed = afterUpload.awaits(item, d.provider().name()) ? Boolean.TRUE : null;
                stats.add(RunStats.Counter.UPLOADED, item.bytes());
            }
            case CHANGED -> {
                // what the provider holds is not the validated bytes: never a dedup answer (see ManifestIndex)
                e.fileId = d.record().id();
                e.createdAt = d.record().createdAt();
                e.attempts = d.attempts();
                e.attempt = d.attemptId();
                e.reason = d.hint();
                stats.add(RunStats.Counter.FAILED, item.bytes());
            }
            case DUPLICATE -> {
                e.fileId = d.record().id();
                e.reason = "the same bytes were already uploaded to " + d.provider().name() + " for purpose "
                        + item.classification().purpose();
                stats.add(RunStats.Counter.DUPLICATE, item.bytes());
            }
            case REJECTED -> {
                e.error = d.error();
                e.reason = d.hint();
                stats.add(RunStats.Counter.REJECTED, item.bytes());
            }
            case FAILED -> {
                e.error = d.error();
                e.reason = d.hint();
                e.attempts = d.attempts();
                e.attempt = d.attemptId();
                e.ambiguous = d.ambiguous() ? Boolean.TRUE : null;
                e.reconcile = d.reconcileNote();
                e.uploadId = d.uploadId();
                stats.add(RunStats.Counter.FAILED, item.bytes());
            }
            default -> throw new IllegalStateException(String.valueOf(d.event()));
        }
        try {
            // not waited for here: the upload thread goes on, and the item's source moves once it is durable
            long position = manifest.appendLater(e);
            item.recordedUpTo.accumulateAndGet(position, Math::max);
            d.recorded();
            if (Boolean.TRUE.equals(e.awaitProcessed)) {
                afterUpload.uploaded(item, d, e);
            }
        } finally {
            // recorded (or failed to record, which fails the file): parallel copies may look now
            d.releaseContent();
        }
        telemetry.outcome(d.provider().name(), d.event().wire(), item.bytes(),
                d.startedNanos() == 0 ? -1 : System.nanoTime() - d.startedNanos(),
                d.error() == null || d.error().get("code") == null ? null : String.valueOf(d.error().get("code")));
        log(item, d);
    }

    private ManifestEntry base(Item item, Delivery d, String event) {
        ManifestEntry e = new ManifestEntry(event);
        e.source = item.source();
        e.etag = item.etag();
        e.bytes = item.bytes();
        e.sha256 = item.sha256();
        e.provider = d.provider().name();
        e.purpose = item.classification().purpose();
        if (!d.purpose().equals(e.purpose)) {
            e.providerPurpose = d.purpose();
        }
        e.fileType = item.classification().fileType();
        e.rule = item.classification().rule();
        e.filename = item.filename();
        e.fence = ItemClaims.fence(item, d);
        return e;
    }

    /**
     * One line per outcome: source, provider, purpose, file id or reason, and how long the delivery
     * took. The same facts go into the MDC, so the JSON log format carries them as fields.
     */
    private void log(Item item, Delivery d) {
        long ms = (System.nanoTime() - d.createdNanos()) / 1_000_000;
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("filegate.event", d.event().wire());
        fields.put("filegate.source", item.source());
        fields.put("filegate.provider", d.provider().name());
        fields.put("filegate.purpose", d.purpose());
        fields.put("filegate.bytes", Long.toString(item.bytes()));
        fields.put("filegate.duration_ms", Long.toString(ms));
        if (d.record() != null) {
            fields.put("filegate.file_id", d.record().id());
        }
        if (d.attempts() > 0) {
            fields.put("filegate.attempts", Integer.toString(d.attempts()));
        }
        if (d.error() != null && d.error().get("code") != null) {
            fields.put("filegate.error_code", String.valueOf(d.error().get("code")));
        }
        fields.forEach(MDC::put);
        try {
            switch (d.event()) {
                case UPLOADED -> LOG.info("uploaded {} -> {} {} (purpose {}, {} bytes, {} ms, {} attempt(s){}{})",
                        item.source(), d.provider().name(), d.record().id(), d.purpose(), item.bytes(), ms, d.attempts(),
                        d.parts() == 0 ? "" : ", " + d.parts() + " parts" + (d.partsResumed() == 0 ? ""
                                : " of which " + d.partsResumed() + " were sent by an interrupted run"),
                        d.wasReconciled() ? ", found at the provider after an interrupted attempt" : "");
                case DUPLICATE -> LOG.info("duplicate {} -> {} already has it as {} (purpose {}, {} bytes, {} ms);"
                        + " not uploaded again", item.source(), d.provider().name(), d.record().id(), d.purpose(), item.bytes(), ms);
                case REJECTED -> LOG.warn("rejected {} for {} (purpose {}, {} bytes, {} ms): {}", item.source(),
                        d.provider().name(), d.purpose(), item.bytes(), ms, d.hint());
                case CHANGED -> LOG.warn("changed {} -> {} {} (purpose {}): {}", item.source(), d.provider().name(),
                        d.record().id(), d.purpose(), d.hint());
                case FAILED -> LOG.warn("failed {} -> {} (purpose {}, {} bytes, {} ms, {} attempt(s)): {} | {}",
                        item.source(), d.provider().name(), d.purpose(), item.bytes(), ms, d.attempts(), d.error().get("message"),
                        d.hint());
                default -> { }
            }
        } finally {
            fields.keySet().forEach(MDC::remove);
        }
    }

    /** The failure reports (sidecars) of a source item. */
    public Reports reports() {
        return reports;
    }
}
