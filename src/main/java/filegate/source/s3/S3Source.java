package filegate.source.s3;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import filegate.net.Network;
import filegate.ConfigException;
import filegate.source.SourceCheck;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

import static filegate.source.s3.S3Clients.describe;

/**
 * One S3 source: a bucket and its prefixes, polled by the {@code s3-prefix} route template (one bean per
 * instance), through its {@code filegate-s3} endpoint ({@link S3SourceConsumer}). A poll lists every key of
 * each prefix (all pages), skips versions the manifest already has an outcome for, and hands each new or
 * changed object to the route; the upload thread that takes it makes its local spool copy.
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

    /** The deprecated parallel setting as given; empty = not set. */
    private String parallel = "";

    private S3Client client;
    private S3Services services;
    private S3Lister lister;

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

    /**
     * Deprecated, and without effect: {@code filegate.parallel-files} decides how many files are in flight,
     * whatever their source. Still accepted, so an old configuration starts; {@link #start} says so once.
     */
    public void setParallel(String parallel) {
        this.parallel = trim(parallel);
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
            client = S3Clients.build(bucket, region, endpoint, accessKey, secretKey,
                    services == null ? Network.defaults() : services.network, this::name);
        }
    }

    /** A copy or report prefix that contains a source prefix would swallow the source. */
    private void checkApart(String target, String targetName, String sourcePrefix) {
        if (!target.isEmpty() && sourcePrefix.startsWith(target)) {
            throw new ConfigException(targetName + "=" + target + " is not allowed: it contains the source prefix '"
                    + sourcePrefix + "'; use a prefix beside it, e.g. processed/");
        }
    }


    public void close() {
        closeClient();
    }

    private void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    // --- polling (by S3SourceConsumer, the filegate-s3 endpoint of the route) ---

    /** When the route starts: the shared services, a client that knows the proxies and trust store, readiness. */
    synchronized void start(CamelContext context) {
        if (!enabled || lister != null) {
            return;
        }
        services = S3Services.lookup(context);
        // the client checked at route creation knew no proxy or trust store yet
        closeClient();
        validate();
        if (!parallel.isEmpty()) {
            LOG.warn("{}={} is deprecated and has no effect: filegate.parallel-files ({}) decides how many files are"
                    + " in flight, whatever their source (each S3 object is downloaded by the upload thread that sends"
                    + " it); remove {} and set filegate.parallel-files instead", name("parallel", "parallel"), parallel,
                    services.parallelFiles, name("parallel", "parallel"));
        }
        S3Committer committer = new S3Committer(client, services, bucket, tagKey, tagValue, copyPrefix, delete,
                failedPrefix, name("retry-failed", "retryFailed"), retryFailed);
        lister = new S3Lister(client, services, new S3Fetcher(client, bucket, services), committer, bucket,
                prefixes, copyPrefix, failedPrefix, retryFailed, this::name);
        // readiness (/observe/health/ready) asks every SourceCheck in the registry whether it is usable
        context.getRegistry().bind("source-check-s3-" + bucket + "-" + System.identityHashCode(this), this);
    }

    /**
     * One poll: every prefix listed completely, each new or changed object handed over to the route, whose
     * upload threads ({@code filegate.parallel-files}) download, upload and commit it. Returns the number
     * handed over once all of them are finished.
     */
    int poll(S3Lister.HandOver handOver, BooleanSupplier stopping) {
        S3Lister l;
        synchronized (this) {
            l = lister;
        }
        if (!enabled || l == null) {
            return 0;
        }
        validate();
        return l.poll(handOver, stopping);
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
