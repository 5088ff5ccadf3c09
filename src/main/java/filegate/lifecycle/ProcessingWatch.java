package filegate.lifecycle;

import filegate.provider.ProcessingStatus;
import filegate.source.DropFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import filegate.manifest.Manifest;
import filegate.manifest.ManifestEntry;
import filegate.pipeline.AfterUpload;
import filegate.pipeline.Delivery;
import filegate.pipeline.Item;
import filegate.provider.Answers;
import filegate.provider.Provider;
import filegate.provider.Providers;
import filegate.source.s3.S3Keys;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows awaited uploads until the provider has processed them: {@code GET {base}/files/{id}} on a small
 * scheduler of its own (never an upload thread, so polling never holds up new files), with a doubling pause
 * between polls, until the file object says processed or error, the provider no longer has the file, or the
 * timeout runs out. Each verdict is one manifest line ({@code processed} / {@code processing_failed}); the
 * source then leaves {@code .processing/} (see {@link Hold}). Checks left open by a stopped run are found
 * again from the manifest ({@link #resume}).
 */
public final class ProcessingWatch implements AfterUpload {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessingWatch.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A held file's drop-folder move follows its line within milliseconds; after this long it is not coming. */
    private static final int ARRIVAL_TRIES = 120;

    private final AwaitSettings settings;
    private final Manifest manifest;
    private final Providers providers;
    private final ProviderCalls calls;
    private final Path s3ReportDir;
    private final ScheduledExecutorService scheduler;
    private final Map<String, PendingCheck> pending = new ConcurrentHashMap<>();
    private final Map<Item, Hold> holds = new ConcurrentHashMap<>();
    /** Checks whose last line is not written yet (pending, or settled and waiting for their file to move). */
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger processed = new AtomicInteger();
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    public ProcessingWatch(AwaitSettings settings, Manifest manifest, Providers providers, CamelContext context,
                           Path s3ReportDir) {
        this.settings = settings;
        this.manifest = manifest;
        this.providers = providers;
        this.calls = new ProviderCalls(context);
        this.s3ReportDir = s3ReportDir;
        this.scheduler = context.getExecutorServiceManager().newScheduledThreadPool(this, "processing-watch", 1);
    }

    @Override
    public boolean awaits(Item item, String provider) {
        return settings.awaits(item.classification() == null ? null : item.classification().rule(), provider);
    }

    @Override
    public void uploaded(Item item, Delivery d, ManifestEntry line) {
        Hold hold = holds.computeIfAbsent(item, i -> i.root() != null
                ? new Hold(i.source(), i.root(), i.rel(), i.origin()::movedTo, null)
                : new Hold(i.source(), null, null, () -> null, s3Report(i.source())));
        watch(line, hold, System.currentTimeMillis() + settings.timeout().toMillis(),
                settings.initialDelay().toMillis());
    }

    /** Starts following one upload; its first poll is {@code firstDelayMs} from now. */
    void watch(ManifestEntry uploaded, Hold hold, long deadlineMillis, long firstDelayMs) {
        PendingCheck c = new PendingCheck(uploaded, hold, deadlineMillis, firstDelayMs);
        if (pending.putIfAbsent(c.key(), c) != null) {
            return;
        }
        hold.expect();
        open.incrementAndGet();
        scheduler.schedule(() -> poll(c), firstDelayMs, TimeUnit.MILLISECONDS);
    }

    private void poll(PendingCheck c) {
        if (closed) {
            return;
        }
        try {
            Provider p = providers.get(c.provider);
            c.polls++;
            ProviderCalls.Answer a = calls.get(p, p.retrieveUrl(c.fileId), Answers.FILE_OBJECT_CAP);
            if (a.status() == 404) {
                settle(c, null, "file_gone", "the provider answered 404: it no longer has " + c.fileId,
                        "the file was deleted (or expired) at the provider before it was processed; send it again");
                return;
            }
            if (a.ok()) {
                ProcessingStatus.Verdict v = settings.readers().get(c.provider).read(JSON.readTree(a.body()));
                switch (v.state()) {
                    case PROCESSED -> {
                        settle(c, v, null, null, null);
                        return;
                    }
                    case FAILED -> {
                        settle(c, v, "processing_failed", v.details() == null ? "status " + v.status() : v.details(),
                                p.name() + " could not process the file: fix what it said and send it again");
                        return;
                    }
                    case PENDING -> LOG.debug("{} {}: not processed yet ({})", c.provider, c.fileId, v.status());
                }
            } else {
                LOG.warn("{}: asking {} whether {} is processed failed ({}); asking again later", c.uploaded.source,
                        c.provider, c.fileId, a.failure());
            }
            long now = System.currentTimeMillis();
            if (now >= c.deadlineMillis) {
                settle(c, null, "processing_timeout", "not processed " + settings.timeout().toSeconds()
                        + " s after the upload (" + c.polls + " polls)", "the provider may still process it: look"
                        + " at " + c.fileId + " later, or raise " + AwaitSettings.GLOBAL + ".timeout-seconds");
                return;
            }
            long next = a.retryAfterMs() >= 0 ? a.retryAfterMs() : c.delayMs;
            c.delayMs = Math.min(c.delayMs * 2, settings.maxDelay().toMillis());
            scheduler.schedule(() -> poll(c), Math.max(1, Math.min(next, c.deadlineMillis - now + 1)),
                    TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: checking {} at {} failed ({}); trying again in {} ms", c.uploaded.source, c.fileId,
                    c.provider, e.getMessage(), c.delayMs);
            scheduler.schedule(() -> poll(c), c.delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Records one verdict; the held file moves first when it was the last one awaited for it. */
    private void settle(PendingCheck c, ProcessingStatus.Verdict v, String code, String message, String hint) {
        boolean ok = code == null;
        ManifestEntry line = c.outcome(ok ? "processed" : "processing_failed");
        Map<String, Object> error = null;
        if (ok) {
            line.status = v.status();
            line.processed = Boolean.TRUE;
        } else {
            error = new LinkedHashMap<>();
            error.put("code", code);
            error.put("message", message);
            if (v != null) {
                error.put("status", v.status());
            }
            line.error = error;
            line.reason = hint;
        }
        boolean last = c.hold.settle(c, ok, error, hint);
        if (!ok) {
            failures.add(c.uploaded.source + " -> " + c.provider + ": " + c.fileId + " " + message);
            LOG.error("processing failed: {} -> {} {}: {}; {}", c.uploaded.source, c.provider, c.fileId, message, hint);
        } else {
            processed.incrementAndGet();
            LOG.info("processed: {} -> {} {} ({})", c.uploaded.source, c.provider, c.fileId, v.status());
        }
        if (!last) {
            record(c, line);
            return;
        }
        release(c, line, 0);
    }

    /** Moves the file out of .processing/ once it is there, then writes the last line (see docs/after-upload.md). */
    private void release(PendingCheck c, ManifestEntry line, int tries) {
        if (!c.hold.arrived() && tries < ARRIVAL_TRIES && !closed) {
            scheduler.schedule(() -> release(c, line, tries + 1), 1, TimeUnit.SECONDS);
            return;
        }
        try {
            String to = c.hold.release();
            if (to != null) {
                LOG.info("{}: {} {}", c.uploaded.source, c.hold.failed() ? "moved to" : "archived to", to);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: could not move it out of {} ({}); the verdict is in the manifest", c.uploaded.source,
                    DropFolder.HOLD_DIR, e.getMessage());
        }
        holds.values().remove(c.hold);
        record(c, line);
    }

    private void record(PendingCheck c, ManifestEntry line) {
        try {
            manifest.append(line);
        } catch (RuntimeException e) {
            LOG.error("{} -> {}: the {} line for {} could not be written ({}); it is asked again at the next start",
                    c.uploaded.source, c.provider, line.event, c.fileId, e.getMessage());
        } finally {
            pending.remove(c.key());
            open.decrementAndGet();
        }
    }

    /** Where an S3 object's processing-failure report goes: next to the manifest, as for its other failures. */
    private Path s3Report(String source) {
        String rest = source.startsWith("s3://") ? source.substring(5) : source;
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        return S3Keys.under(s3ReportDir.resolve(S3Keys.safeSegment(bucket)), slash < 0 ? "object" : rest.substring(slash + 1));
    }

    Hold resumedHold(String source, Path root, String rel, Path found) {
        return root == null ? new Hold(source, null, null, () -> null, s3Report(source))
                : new Hold(source, root, rel, () -> found, null);
    }

    /** Checks not yet settled (polling, or waiting for their file to arrive in .processing/). */
    public int open() {
        return open.get();
    }

    public int processedCount() {
        return processed.get();
    }

    /** One line per file the provider could not process (or that timed out), for a --sync summary. */
    public List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    public void close() {
        closed = true;
        scheduler.shutdownNow();
    }
}
