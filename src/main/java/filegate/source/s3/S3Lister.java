package filegate.source.s3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import filegate.manifest.Claim;
import filegate.source.SourceItem;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import static filegate.source.s3.S3Clients.describe;

/**
 * Lists an S3 source's prefixes and turns each new or changed version into an item: skipped when the
 * manifest knows it, classified, claimed (with a shared store), and handed to the route without waiting
 * ({@link HandOver}). The upload thread that takes the item downloads it to a spool file ({@link SourceItem#fetch()}),
 * so this class has no threads of its own: {@code filegate.parallel-files} bounds the work, as for any source.
 * The pipeline commits the item ({@link S3Committer}) once its outcome is durable.
 */
final class S3Lister {
    /** Logged as the S3 source, as before this class was split from it (log settings name it). */
    private static final Logger LOG = LoggerFactory.getLogger(S3Source.class);
    private final S3Client client;
    private final S3Services services;
    private final S3Fetcher fetcher;
    private final S3Committer committer;
    private final String bucket;
    private final List<String> prefixes;
    private final String copyPrefix;
    private final String failedPrefix;
    private final boolean retryFailed;
    /** How the region and endpoint settings are named in messages. */
    private final S3Clients.Names names;
    /** Guards {@link #etagsInFlight} and {@link #unfinished}; waited on for either to change. */
    private final Object inFlight = new Object();
    private final Set<String> etagsInFlight = new HashSet<>();
    private int unfinished;

    /** How the consumer routes an item without waiting for it; {@code finished} runs once its exchange is complete. */
    @FunctionalInterface
    interface HandOver {
        void handOver(SourceItem item, Consumer<Exchange> finished);
    }

    S3Lister(S3Client client, S3Services services, S3Fetcher fetcher, S3Committer committer, String bucket,
             List<String> prefixes, String copyPrefix, String failedPrefix, boolean retryFailed,
             S3Clients.Names names) {
        this.client = client;
        this.services = services;
        this.fetcher = fetcher;
        this.committer = committer;
        this.bucket = bucket;
        this.prefixes = prefixes;
        this.copyPrefix = copyPrefix;
        this.failedPrefix = failedPrefix;
        this.retryFailed = retryFailed;
        this.names = names;
    }

    /**
     * One poll: every prefix listed completely, each new or changed object handed over as it is listed.
     * Returns, with the number handed over, only when every object it started is finished (so a
     * {@code --sync} ends when its work is done); {@code stopping} ends the listing early.
     */
    int poll(HandOver handOver, BooleanSupplier stopping) {
        Counts n = new Counts();
        long start = System.nanoTime();
        boolean stopped = false;
        try {
            for (String prefix : prefixes) {
                String where = "s3://" + bucket + "/" + prefix;
                try {
                    for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                        if (stopping.getAsBoolean()) {
                            LOG.info("{}: stopping; the rest is picked up on the next start", where);
                            stopped = true;
                            break;
                        }
                        dispatch(handOver, o, prefix, n);
                    }
                } catch (SdkException e) {
                    String what = where + ": cannot list objects: " + describe(e) + " (check the bucket name, "
                            + names.of("region", "region") + ", " + names.of("endpoint", "endpoint") + " and the credentials)";
                    LOG.warn("{}", what);
                    services.tracker.sourceFailed(what);
                }
                if (stopped) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            // the consumer is being stopped while this thread waited for an equal ETag
            LOG.info("s3://{}/: stopping; the rest is picked up on the next start", bucket);
            Thread.currentThread().interrupt();
            stopped = true;
        } finally {
            awaitUnfinished();
        }
        long processed = n.processed.sum();
        if (stopped) {
            return (int) processed;
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (processed > 0 || n.unmatched.sum() > 0 || n.held.sum() > 0) {
            LOG.info("s3://{}/ {}: {} listed, {} new or changed, {} unchanged, {} unmatched, {} held for an unusable"
                    + " provider{}, {} ms", bucket, prefixes, n.listed.sum(), processed, n.unchanged.sum(),
                    n.unmatched.sum(), n.held.sum(), n.elsewhere.sum() == 0 ? ""
                            : ", " + n.elsewhere.sum() + " taken by other nodes", ms);
        } else {
            LOG.debug("s3://{}/ {}: {} listed, nothing new, {} ms", bucket, prefixes, n.listed.sum(), ms);
        }
        return (int) processed;
    }

    /**
     * The poll (and so --sync) ends only when every object it started is finished. A consumer stopped
     * meanwhile interrupts the wait: what was handed over still finishes (and cleans up) on its own.
     */
    private void awaitUnfinished() {
        synchronized (inFlight) {
            try {
                while (unfinished > 0) {
                    inFlight.wait();
                }
            } catch (InterruptedException e) {
                LOG.debug("s3://{}/: stopped while {} object(s) were still in flight", bucket, unfinished);
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Counts {
        final LongAdder listed = new LongAdder();
        final LongAdder processed = new LongAdder();
        final LongAdder unchanged = new LongAdder();
        final LongAdder unmatched = new LongAdder();
        final LongAdder held = new LongAdder();
        final LongAdder elsewhere = new LongAdder();
    }

    /** Cheap decisions on the listing thread; the download, upload and commit belong to the upload thread. */
    private void dispatch(HandOver handOver, S3Object o, String prefix, Counts n) throws InterruptedException {
        String key = o.key();
        if (key.endsWith("/") || isOurs(key)) {
            // folder markers, and the copies and reports this source writes itself
            return;
        }
        n.listed.increment();
        String etag = S3Keys.etag(o.eTag());
        String source = "s3://" + bucket + "/" + key;
        var index = services.outcomes.manifest().index();
        if (index.versionDone(source, etag) && !(retryFailed && index.versionFailed(source, etag))) {
            n.unchanged.increment();
            return;
        }
        String rel = S3Keys.relative(key, prefix);
        long size = o.size() == null ? 0 : o.size();
        var c = services.rules.classify(rel, size);
        if (c.isEmpty()) {
            services.outcomes.unmatchedOnce(source, rel, size, etag);
            n.unmatched.increment();
            return;
        }
        var undeliverable = services.rules.undeliverable(c.get());
        if (undeliverable.isPresent()) {
            services.outcomes.refuse(source, size, "PROVIDER_NOT_CONFIGURED", undeliverable.get());
            n.unmatched.increment();
            return;
        }
        if (services.availability.firstUnusable(c.get().providers()).isPresent()) {
            // its provider is unusable now: left alone, looked at again on the next poll
            n.held.increment();
            return;
        }
        // with a shared store, each version is taken by one node; the others skip it while it is held
        Optional<Claim> claim = services.claim(source, etag);
        if (claim.isEmpty()) {
            n.elsewhere.increment();
            return;
        }
        // equal ETags are (nearly always) equal bytes: one at a time, so the second finds the first's
        // upload in the manifest and is recorded as a duplicate instead of being sent twice
        synchronized (inFlight) {
            try {
                while (etagsInFlight.contains(etag)) {
                    inFlight.wait();
                }
            } catch (InterruptedException e) {
                services.release(claim.get());
                throw e;
            }
            etagsInFlight.add(etag);
            unfinished++;
        }
        n.processed.increment();
        Path spool = services.spoolPath(bucket, key);
        String quotedEtag = o.eTag();
        // downloaded by the upload thread that takes it (fetch), committed by the pipeline once its outcome
        // lines are durable (S3Committer), and only while the object is still this version
        SourceItem item = new SourceItem(source, rel, spool, null, S3Keys.basename(key), etag, claim.get(), null,
                (it, verdict, exchange) -> committer.commit(it, verdict, key, quotedEtag, size),
                new SourceItem.LocalCopy() {
                    @Override
                    public boolean fetch(SourceItem it) {
                        return download(key, quotedEtag, spool, source);
                    }

                    @Override
                    public void release(SourceItem it) {
                        deleteSpool(spool);
                    }
                });
        try {
            handOver.handOver(item, done -> finished(done, source, spool, claim.get(), etag));
        } catch (RuntimeException e) {
            finished(null, source, spool, claim.get(), etag);
            throw e;
        }
    }

    /** On the upload thread that took the item: the listed version to its spool file; false = no outcome. */
    private boolean download(String key, String quotedEtag, Path spool, String source) {
        try {
            return fetcher.download(key, quotedEtag, spool, source);
        } catch (IOException e) {
            String what = source + ": cannot spool a local copy in " + services.spoolDir + ": " + e.getMessage();
            LOG.warn("{}", what);
            services.tracker.sourceFailed(what);
            return false;
        } catch (RuntimeException e) {
            String what = source + ": " + e;
            LOG.warn("{}; the object is untouched and tried again on the next poll", what, e);
            services.tracker.sourceFailed(what);
            return false;
        }
    }

    /** The item's exchange is complete (or never started): its spool file, claim and ETag are free. */
    private void finished(Exchange done, String source, Path spool, Claim claim, String etag) {
        try {
            if (done != null && done.getException() != null) {
                LOG.warn("{}: its outcome could not be recorded ({}); the object is untouched and tried again on"
                        + " the next poll", source, done.getException().getMessage());
                services.tracker.sourceFailed(source + ": its outcome could not be recorded ("
                        + done.getException().getMessage() + "); the object is untouched for the next run");
            }
            deleteSpool(spool);
            services.release(claim);
        } finally {
            synchronized (inFlight) {
                etagsInFlight.remove(etag);
                unfinished--;
                inFlight.notifyAll();
            }
        }
    }

    private void deleteSpool(Path spool) {
        try {
            Files.deleteIfExists(spool);
        } catch (IOException e) {
            LOG.warn("could not delete the spool file {}: {}", spool, e.getMessage());
        }
    }

    private boolean isOurs(String key) {
        return (!copyPrefix.isEmpty() && key.startsWith(copyPrefix))
                || (!failedPrefix.isEmpty() && key.startsWith(failedPrefix));
    }
}
