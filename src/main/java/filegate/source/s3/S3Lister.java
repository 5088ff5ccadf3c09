package filegate.source.s3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import filegate.manifest.Claim;
import filegate.pipeline.Item;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import static filegate.source.s3.S3Clients.describe;

/**
 * Lists an S3 source's prefixes and turns each new or changed version into an item: skipped when the
 * manifest knows it, classified, claimed (with a shared store), fetched to a spool file by a worker,
 * sent to {@code direct:ingest}, then committed ({@link S3Committer}) once its outcome is durable.
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
    private final int parallel;
    /** How the region and endpoint settings are named in messages. */
    private final S3Clients.Names names;
    private final Semaphore slots;
    private final Set<String> etagsInFlight = new HashSet<>();
    private ExecutorService workers;

    S3Lister(S3Client client, S3Services services, S3Fetcher fetcher, S3Committer committer, String bucket,
             List<String> prefixes, String copyPrefix, String failedPrefix, boolean retryFailed, int parallel,
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
        this.parallel = parallel;
        this.names = names;
        this.slots = new Semaphore(parallel);
    }

    synchronized void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    /**
     * One poll: every prefix listed completely, each new or changed object processed by up to
     * {@code parallel} workers (so at most that many spool files exist at once). Returns when all are done.
     */
    void poll(Exchange exchange) throws InterruptedException {
        CamelContext context = exchange.getContext();
        Counts n = new Counts();
        long start = System.nanoTime();
        try {
            for (String prefix : prefixes) {
                String where = "s3://" + bucket + "/" + prefix;
                try {
                    for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                        if (context.isStopping() || context.isStopped()) {
                            LOG.info("{}: stopping; the rest is picked up on the next start", where);
                            return;
                        }
                        dispatch(context, o, prefix, n);
                    }
                } catch (SdkException e) {
                    String what = where + ": cannot list objects: " + describe(e) + " (check the bucket name, "
                            + names.of("region", "region") + ", " + names.of("endpoint", "endpoint") + " and the credentials)";
                    LOG.warn("{}", what);
                    services.tracker.sourceFailed(what);
                }
            }
        } finally {
            // the poll (and so --sync) ends only when every object it started is finished
            slots.acquire(parallel);
            slots.release(parallel);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        long processed = n.processed.sum();
        if (processed > 0 || n.unmatched.sum() > 0 || n.held.sum() > 0) {
            LOG.info("s3://{}/ {}: {} listed, {} new or changed, {} unchanged, {} unmatched, {} held for an unusable"
                    + " provider{}, {} ms", bucket, prefixes, n.listed.sum(), processed, n.unchanged.sum(),
                    n.unmatched.sum(), n.held.sum(), n.elsewhere.sum() == 0 ? ""
                            : ", " + n.elsewhere.sum() + " taken by other nodes", ms);
        } else {
            LOG.debug("s3://{}/ {}: {} listed, nothing new, {} ms", bucket, prefixes, n.listed.sum(), ms);
        }
        exchange.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, processed > 0);
    }

    private static final class Counts {
        final LongAdder listed = new LongAdder();
        final LongAdder processed = new LongAdder();
        final LongAdder unchanged = new LongAdder();
        final LongAdder unmatched = new LongAdder();
        final LongAdder held = new LongAdder();
        final LongAdder elsewhere = new LongAdder();
    }

    /** Cheap decisions on the listing thread; the download and upload go to a worker. */
    private void dispatch(CamelContext context, S3Object o, String prefix, Counts n) throws InterruptedException {
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
            services.outcomes.refusals().refuse(source, size, "PROVIDER_NOT_CONFIGURED", undeliverable.get());
            n.unmatched.increment();
            return;
        }
        if (services.availability.firstUnusable(c.get().providers()).isPresent()) {
            // its provider is unusable now: left alone, looked at again on the next poll
            n.held.increment();
            return;
        }
        slots.acquire();
        // with a shared store, each version is taken by one node; the others skip it while it is held
        Optional<Claim> claim;
        try {
            claim = services.claim(source, etag);
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        if (claim.isEmpty()) {
            slots.release();
            n.elsewhere.increment();
            return;
        }
        n.processed.increment();
        // equal ETags are (nearly always) equal bytes: one at a time, so the second finds the first's
        // upload in the manifest and is recorded as a duplicate instead of being sent twice
        synchronized (etagsInFlight) {
            while (etagsInFlight.contains(etag)) {
                etagsInFlight.wait();
            }
            etagsInFlight.add(etag);
        }
        try {
            workers().execute(() -> {
                try {
                    handle(context, key, o.eTag(), etag, rel, source, claim.get());
                } catch (RuntimeException e) {
                    String what = source + ": " + e;
                    LOG.warn("{}; the object is untouched and tried again on the next poll", what, e);
                    services.tracker.sourceFailed(what);
                } finally {
                    services.release(claim.get());
                    synchronized (etagsInFlight) {
                        etagsInFlight.remove(etag);
                        etagsInFlight.notifyAll();
                    }
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            services.release(claim.get());
            synchronized (etagsInFlight) {
                etagsInFlight.remove(etag);
                etagsInFlight.notifyAll();
            }
            slots.release();
            throw e;
        }
    }

    private synchronized ExecutorService workers() {
        if (workers == null) {
            AtomicInteger ids = new AtomicInteger();
            workers = Executors.newFixedThreadPool(parallel, r -> {
                Thread t = new Thread(r, "filegate-s3-" + bucket + "-" + ids.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return workers;
    }

    private void handle(CamelContext context, String key, String quotedEtag, String etag, String rel, String source,
                        Claim claim) {
        Path spool = null;
        try {
            spool = services.newSpoolFile(bucket, key);
            if (!fetcher.download(key, quotedEtag, spool, source)) {
                return;
            }
            Item item = new Item(source, rel, spool, null, S3Keys.basename(key));
            item.etag = etag;
            item.claim = claim;
            Exchange done = services.template(context).send("direct:ingest",
                    e -> e.setProperty(Item.PROPERTY, item));
            if (done.getException() != null) {
                LOG.warn("{}: its outcome could not be recorded ({}); the object is untouched and tried again on"
                        + " the next poll", source, done.getException().getMessage());
                services.tracker.sourceFailed(source + ": its outcome could not be recorded ("
                        + done.getException().getMessage() + "); the object is untouched for the next run");
                return;
            }
            // a dry run leaves the bucket exactly as it found it
            if (services.outcomes.dryRun()) {
                return;
            }
            // every outcome line of this object is on disk now: only from here may the bucket change, and
            // only while the object is still this node's
            if (!services.stillOurs(claim)) {
                return;
            }
            if (item.allDelivered()) {
                committer.afterSuccess(key, rel, quotedEtag, item.bytes, source);
            } else {
                committer.report(item, key, rel, source);
            }
            if (item.allDelivered() || !retryFailed) {
                // done for every node; a failed version stays takeable when failed ones are to be tried again
                services.committed(claim);
            }
        } catch (IOException e) {
            String what = source + ": cannot spool a local copy in " + services.spoolDir + ": " + e.getMessage();
            LOG.warn("{}", what);
            services.tracker.sourceFailed(what);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException e) {
                    LOG.warn("could not delete the spool file {}: {}", spool, e.getMessage());
                }
            }
        }
    }


    private boolean isOurs(String key) {
        return (!copyPrefix.isEmpty() && key.startsWith(copyPrefix))
                || (!failedPrefix.isEmpty() && key.startsWith(failedPrefix));
    }
}
