package filegate.source.s3;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import filegate.net.Network;
import filegate.ConfigException;
import filegate.manifest.Claim;
import filegate.pipeline.Item;
import filegate.source.SourceCheck;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * One S3 source: a bucket and its prefixes, polled by the {@code s3-prefix} route template (one bean per
 * instance). A poll lists every key of each prefix (all pages), skips versions the manifest already has
 * an outcome for, and hands each new or changed object, as a local spool copy, to {@code direct:ingest}.
 * <p>
 * Nothing in the bucket changes unless configured, and only after the outcome line is on disk: on
 * success an optional tag, an optional copy under another prefix, and deletion only if asked for.
 * A failed or rejected object stays; its report goes next to the manifest or under a failed/ prefix.
 */
public final class S3Source implements SourceCheck {
    private static final Logger LOG = LoggerFactory.getLogger(S3Source.class);

    private String bucket = "";
    private List<String> prefixes = List.of("");
    private String region = "";
    private String endpoint = "";
    private String accessKey = "";
    private String secretKey = "";
    private String tagKey = "";
    private String tagValue = "";
    private String copyPrefix = "";
    private String failedPrefix = "";
    private boolean delete;
    private boolean retryFailed;
    private boolean enabled = true;
    /** How settings are named in messages: "filegate.s3." for the shipped source, else template parameters. */
    private String settingsPrefix = "";

    private int parallel = 4;

    private S3Client client;
    private S3Services services;
    private ExecutorService workers;
    private Semaphore slots = new Semaphore(parallel);
    private final Set<String> etagsInFlight = new HashSet<>();

    // --- configuration (bound from the route template's parameters) ---

    public void setBucket(String bucket) {
        this.bucket = trim(bucket);
    }

    public void setPrefixes(String prefixes) {
        List<String> list = Arrays.stream(trim(prefixes).split(",")).map(String::trim).filter(p -> !p.isEmpty())
                .distinct().toList();
        // a prefix inside another would list (and send) the same objects twice
        List<String> outer = list.stream()
                .filter(p -> list.stream().noneMatch(q -> !q.equals(p) && p.startsWith(q))).toList();
        this.prefixes = outer.isEmpty() ? List.of("") : outer;
    }

    public void setRegion(String region) {
        this.region = trim(region);
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = trim(endpoint);
    }

    public void setAccessKey(String accessKey) {
        this.accessKey = trim(accessKey);
    }

    public void setSecretKey(String secretKey) {
        this.secretKey = trim(secretKey);
    }

    /** {@code key=value}, or blank for no tag. */
    public void setTag(String tag) {
        String t = trim(tag);
        int eq = t.indexOf('=');
        if (t.isEmpty()) {
            tagKey = "";
            tagValue = "";
        } else if (eq <= 0 || eq > 128 || t.length() - eq - 1 > 256) {
            throw new ConfigException(name("tag", "tag") + "=" + t + " is not allowed: expected key=value"
                    + " (key 1-128 characters, value up to 256), e.g. filegate=uploaded");
        } else {
            tagKey = t.substring(0, eq).trim();
            tagValue = t.substring(eq + 1).trim();
        }
    }

    public void setCopyPrefix(String copyPrefix) {
        this.copyPrefix = trim(copyPrefix);
    }

    public void setFailedPrefix(String failedPrefix) {
        this.failedPrefix = trim(failedPrefix);
    }

    public void setDelete(String delete) {
        this.delete = bool(delete, "delete", "delete");
    }

    public void setRetryFailed(String retryFailed) {
        this.retryFailed = bool(retryFailed, "retry-failed", "retryFailed");
    }

    /** The route's autoStartup: a source that is off builds no client and never polls. */
    public void setEnabled(String enabled) {
        this.enabled = trim(enabled).isEmpty() || bool(enabled, "enabled", "autoStartup");
    }

    /** Objects downloaded and uploaded at the same time (1-64); also the most spool files at once. */
    public void setParallel(String parallel) {
        String v = trim(parallel);
        int p;
        try {
            p = v.isEmpty() ? 4 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p > 64) {
            throw new ConfigException(name("parallel", "parallel") + "=" + parallel
                    + " is not allowed: expected a whole number from 1 to 64");
        }
        this.parallel = p;
        this.slots = new Semaphore(p);
    }

    public void setSettingsPrefix(String settingsPrefix) {
        this.settingsPrefix = trim(settingsPrefix);
    }

    /**
     * Checks the settings and builds the S3 client (no network yet); runs when the route is created, so
     * a bad setting stops Filegate at start with one line naming it.
     */
    public void validate() {
        if (!enabled) {
            return;
        }
        if (bucket.isEmpty()) {
            throw new ConfigException(name("bucket", "bucket") + " is not set: name the bucket to read");
        }
        if (bucket.contains("/")) {
            throw new ConfigException(name("bucket", "bucket") + "=" + bucket + " is not a bucket name (no '/';"
                    + " put the folder part in " + name("prefixes", "prefixes") + ")");
        }
        if (accessKey.isEmpty() != secretKey.isEmpty()) {
            throw new ConfigException("set both " + name("access-key", "accessKey") + " and "
                    + name("secret-key", "secretKey") + ", or neither to use the default AWS credential chain");
        }
        for (String p : prefixes) {
            checkApart(copyPrefix, name("copy-prefix", "copyPrefix"), p);
            checkApart(failedPrefix, name("failed-prefix", "failedPrefix"), p);
        }
        if (!copyPrefix.isEmpty() && copyPrefix.equals(failedPrefix)) {
            throw new ConfigException(name("copy-prefix", "copyPrefix") + " and " + name("failed-prefix",
                    "failedPrefix") + " must differ");
        }
        if (client == null) {
            client = buildClient();
        }
    }

    /** A copy or report prefix that contains a source prefix would swallow the source. */
    private void checkApart(String target, String targetName, String sourcePrefix) {
        if (!target.isEmpty() && sourcePrefix.startsWith(target)) {
            throw new ConfigException(targetName + "=" + target + " is not allowed: it contains the source prefix '"
                    + sourcePrefix + "'; use a prefix beside it, e.g. processed/");
        }
    }

    private S3Client buildClient() {
        String r = region;
        URI override = null;
        if (!endpoint.isEmpty()) {
            URI uri;
            try {
                uri = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new ConfigException(name("endpoint", "endpoint") + "=" + endpoint
                        + " is not allowed: expected an http(s) URL such as http://127.0.0.1:9000");
            }
            override = uri;
            if (r.isEmpty()) {
                r = "us-east-1";
            }
        }
        // built here rather than by camel-aws2-s3's factory, which cannot take a trust store or a proxy route
        // planner: the S3 client must go out through the same proxy, trusting the same CAs, as uploads
        Network network = services == null ? Network.defaults() : services.network;
        S3ClientBuilder b = S3Client.builder().httpClientBuilder(network.s3HttpClient())
                .credentialsProvider(accessKey.isEmpty() ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
        if (override != null) {
            // S3-compatible stores rarely serve virtual-host buckets
            b.endpointOverride(override).forcePathStyle(true);
        }
        if (!r.isEmpty()) {
            b.region(Region.of(r));
        }
        try {
            return b.build();
        } catch (SdkException | IllegalArgumentException e) {
            throw new ConfigException("cannot set up the S3 client for bucket " + bucket + ": " + e.getMessage()
                    + (r.isEmpty() ? " (set " + name("region", "region") + ")" : ""));
        }
    }

    public void close() {
        synchronized (this) {
            if (workers != null) {
                workers.shutdownNow();
            }
        }
        closeClient();
    }

    private void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    // --- polling ---

    /**
     * One poll: every prefix listed completely, each new or changed object processed by up to
     * {@code parallel} workers (so at most that many spool files exist at once). Returns when all are done.
     */
    public void poll(Exchange exchange) throws InterruptedException {
        if (!enabled) {
            return;
        }
        CamelContext context = exchange.getContext();
        if (services == null) {
            services = S3Services.lookup(context);
            // the client checked at route creation knew no proxy or trust store yet
            closeClient();
            validate();
            // readiness (/observe/health/ready) asks every SourceCheck in the registry whether it is usable
            context.getRegistry().bind("source-check-s3-" + bucket + "-" + System.identityHashCode(this), this);
        }
        validate();
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
                            + name("region", "region") + ", " + name("endpoint", "endpoint") + " and the credentials)";
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
            if (!download(key, quotedEtag, spool, source)) {
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
                afterSuccess(key, rel, quotedEtag, item.bytes, source);
            } else {
                report(item, key, rel, source);
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

    /** Streams the listed version to the spool file; false when the object changed or vanished meanwhile. */
    private boolean download(String key, String quotedEtag, Path spool, String source) throws IOException {
        try (InputStream in = client.getObject(b -> b.bucket(bucket).key(key).ifMatch(quotedEtag))) {
            Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 404) {
                LOG.info("{} changed or vanished since it was listed; the next poll sees its new state", source);
                return false;
            }
            String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
            if (code.equals("InvalidObjectState")) {
                // an archived object is the owner's choice, not a broken source: say it, do not fail the run
                LOG.warn("{} is archived ({}); restore it to have it uploaded", source, describe(e));
                return false;
            }
            String what = source + ": cannot download: " + describe(e);
            LOG.warn("{}; tried again on the next poll", what);
            services.tracker.sourceFailed(what);
            return false;
        } catch (SdkException e) {
            String what = source + ": cannot download: " + describe(e);
            LOG.warn("{}; tried again on the next poll", what);
            services.tracker.sourceFailed(what);
            return false;
        }
    }

    private void afterSuccess(String key, String rel, String quotedEtag, long size, String source) {
        if (!tagKey.isEmpty() && !stillThisVersion(key, quotedEtag, source)) {
            return;
        }
        if (!tagKey.isEmpty()) {
            try {
                List<Tag> tags = new ArrayList<>(client.getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet());
                tags.removeIf(t -> t.key().equals(tagKey));
                tags.add(Tag.builder().key(tagKey).value(tagValue).build());
                client.putObjectTagging(b -> b.bucket(bucket).key(key).tagging(t -> t.tagSet(tags)));
            } catch (SdkException e) {
                LOG.warn("{}: uploaded, but could not tag it {}={}: {} (needs s3:GetObjectTagging and"
                        + " s3:PutObjectTagging; at most 10 tags per object)", source, tagKey, tagValue, describe(e));
            }
        }
        boolean copied = true;
        if (!copyPrefix.isEmpty()) {
            String target = copyPrefix + rel;
            try {
                int parts = new S3Copy(client).copy(bucket, key, target, quotedEtag, size);
                LOG.info("{}: copied to s3://{}/{}{}", source, bucket, target, parts > 1 ? " in " + parts + " parts" : "");
            } catch (SdkException e) {
                copied = false;
                LOG.warn("{}: uploaded, but could not copy it to s3://{}/{}: {}{}", source, bucket, target,
                        describe(e), delete ? "; the original is kept" : "");
            }
        }
        if (delete && copied) {
            try {
                String now = client.headObject(b -> b.bucket(bucket).key(key)).eTag();
                if (!S3Keys.etag(now).equals(S3Keys.etag(quotedEtag))) {
                    LOG.info("{} changed after it was uploaded; not deleted", source);
                    return;
                }
                // conditional as well: a version written between the check above and here is not deleted
                client.deleteObject(b -> b.bucket(bucket).key(key).ifMatch(quotedEtag));
                LOG.info("{}: deleted after upload, as configured", source);
            } catch (SdkException e) {
                LOG.warn("{}: uploaded, but could not delete it: {}", source, describe(e));
            }
        }
    }

    /**
     * Whether the object is still the version that was read and uploaded. Tagging has no condition of its
     * own, so a version written since would be tagged as done; copy and delete are conditional themselves.
     * The window between this check and the tagging remains (S3 offers no conditional tagging).
     */
    private boolean stillThisVersion(String key, String quotedEtag, String source) {
        try {
            client.headObject(b -> b.bucket(bucket).key(key).ifMatch(quotedEtag));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 404) {
                LOG.warn("{} changed since it was read (it is no longer ETag {}); not tagged, copied or deleted: the"
                        + " new version is taken on the next poll", source, S3Keys.etag(quotedEtag));
                return false;
            }
            return true; // cannot tell: tagging then reports its own error
        } catch (SdkException e) {
            return true;
        }
    }

    /** A failed or rejected object stays; its report goes under the failed prefix or next to the manifest. */
    private void report(Item item, String key, String rel, String source) {
        String retry = "the object stays in " + source + " and this version (ETag " + item.etag + ") is not sent"
                + " again: fix the cause, then upload a changed object, or run once with "
                + name("retry-failed", "retryFailed") + "=true to try failed objects again";
        if (!failedPrefix.isEmpty()) {
            String target = failedPrefix + rel + ".error.json";
            try {
                String json = services.outcomes.sidecarJson(item, retry);
                client.putObject(b -> b.bucket(bucket).key(target).contentType("application/json"),
                        RequestBody.fromBytes(json.getBytes(StandardCharsets.UTF_8)));
                LOG.info("{}: report written to s3://{}/{}", source, bucket, target);
                return;
            } catch (SdkException e) {
                LOG.warn("{}: could not write the report to s3://{}/{}: {}; writing it next to the manifest",
                        source, bucket, target, describe(e));
            }
        }
        Path target = S3Keys.under(services.reportDir.resolve(S3Keys.safeSegment(bucket)), key);
        services.outcomes.writeReports(item, target, retry);
        LOG.info("{}: report written to {}.error.json", source, target);
    }

    private boolean isOurs(String key) {
        return (!copyPrefix.isEmpty() && key.startsWith(copyPrefix))
                || (!failedPrefix.isEmpty() && key.startsWith(failedPrefix));
    }

    /** An SDK error in one line, without request internals (and never the credentials). */
    @Override
    public String id() {
        return "s3://" + bucket + "/" + String.join(",", prefixes);
    }

    /** Usable while the bucket answers a HEAD with these credentials. */
    @Override
    public java.util.Optional<String> problem() {
        if (client == null) {
            return java.util.Optional.empty();
        }
        try {
            client.headBucket(b -> b.bucket(bucket));
            return java.util.Optional.empty();
        } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
            return java.util.Optional.of("bucket " + bucket + " does not exist; check filegate.s3.bucket (or the"
                    + " route's bucket) and filegate.s3.endpoint");
        } catch (SdkException e) {
            return java.util.Optional.of("bucket " + bucket + " cannot be reached or read: " + describe(e)
                    + "; check the credentials, region and endpoint");
        }
    }

    private static String describe(SdkException e) {
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            String msg = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorMessage();
            return "HTTP " + s3.statusCode() + (code == null ? "" : " " + code) + (msg == null ? "" : ": " + msg);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e.getMessage() + (root != e ? " (" + root + ")" : "");
    }

    private String name(String key, String parameter) {
        return settingsPrefix.isEmpty() ? "parameter '" + parameter + "' of the S3 source" + (bucket.isEmpty() ? ""
                : " for bucket " + bucket) : settingsPrefix + key;
    }

    private boolean bool(String v, String key, String parameter) {
        String s = trim(v).toLowerCase(Locale.ROOT);
        return switch (s) {
            case "", "false" -> false;
            case "true" -> true;
            default -> throw new ConfigException(name(key, parameter) + "=" + v
                    + " is not allowed: expected true or false");
        };
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    @Override
    public String toString() {
        // credentials stay out of every log line
        return "S3Source[s3://" + bucket + "/" + prefixes + "]";
    }
}
