package filegate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import filegate.manifest.JsonlManifest;
import filegate.manifest.Manifest;
import filegate.pipeline.Outcomes;
import filegate.pipeline.PartsUpload;
import filegate.pipeline.Pipeline;
import filegate.pipeline.Plan;
import filegate.pipeline.Progress;
import filegate.pipeline.RunStats;
import filegate.provider.Providers;
import filegate.rules.Rules;
import filegate.source.SourceFilter;
import filegate.source.SyncTracker;
import filegate.source.s3.S3Services;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;

/**
 * Reads and checks the {@code filegate.*} settings, then binds the beans the YAML sources refer to
 * ({@code #sourceFilter}, {@code #syncTracker}) and adds the pipeline routes. Runs before any route
 * starts, so a bad setting stops Filegate before a file is touched.
 */
public final class FilegateConfiguration implements CamelConfiguration {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FilegateConfiguration.class);
    private final Mode mode;
    private final SyncTracker syncTracker = new SyncTracker();
    private final RunStats stats = new RunStats();
    private final Plan plan = new Plan();
    private volatile Manifest manifest;
    private volatile Progress progress;
    private volatile S3Services s3Services;

    FilegateConfiguration(Mode mode) {
        this.mode = mode;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings s = Settings.of(context);
        Path inbox = s.path("filegate.inbox", "inbox");
        if (Files.exists(inbox) && !Files.isDirectory(inbox)) {
            throw new ConfigException("filegate.inbox=" + inbox + " is not a folder");
        }
        List<String> defaultProviders = s.list("filegate.provider", "openai");
        Rules rules = Rules.load(s, defaultProviders);
        // a dry run sends nothing, so it is useful before anyone has a key
        Providers providers = Providers.load(s, List.copyOf(rules.providerNames()), !mode.dryRun());
        long stableMs = s.getLong("filegate.inbox.stable-ms", 2000, 0, 86_400_000);
        Pipeline.RetrySettings retry = new Pipeline.RetrySettings(
                (int) s.getLong("filegate.retry.max-attempts", 5, 1, 100),
                s.getLong("filegate.retry.initial-delay-ms", 500, 0, 3_600_000),
                s.getLong("filegate.retry.max-delay-ms", 8000, 0, 3_600_000),
                s.getLong("filegate.retry.max-retry-after-seconds", 120, 0, 86_400) * 1000);
        String dedup = s.get("filegate.dedup", "skip");
        if (!dedup.equals("skip") && !dedup.equals("upload-anyway")) {
            throw new ConfigException("filegate.dedup=" + dedup + " is not allowed: expected skip or upload-anyway");
        }

        manifest = new JsonlManifest(s.path("filegate.manifest", "manifest.jsonl"), !mode.dryRun());
        Outcomes outcomes = new Outcomes(manifest, stats, mode.dryRun() ? plan : null);

        // httpclient5 on its own resends a POST after 429/503 and some I/O errors: hidden, uncounted, and
        // without looking at the provider's file list first. Every retry must go through the pipeline.
        context.getComponent("http", HttpComponent.class).setAutomaticRetriesDisabled(true);

        context.getRegistry().bind("sourceFilter", new SourceFilter(rules, outcomes, stableMs));
        context.getRegistry().bind("syncTracker", syncTracker);

        // the shipped S3 source (routes/sources.camel.yaml) starts only when a bucket is configured
        boolean s3 = s.get("filegate.s3.bucket").isPresent();
        context.getPropertiesComponent().addOverrideProperty("filegate.source.s3-active", String.valueOf(s3));
        Path manifestDir = s.path("filegate.manifest", "manifest.jsonl").toAbsolutePath().getParent();
        s3Services = new S3Services(rules, outcomes, syncTracker,
                s.path("filegate.s3.spool-dir", manifestDir.resolve("s3-spool").toString()),
                manifestDir.resolve("s3-failed"));
        s3Services.cleanSpool();
        context.getRegistry().bind(S3Services.BEAN, s3Services);

        long skewMs = s.getLong("filegate.reconcile.clock-skew-seconds", 60, 0, 3600) * 1000;
        int open = manifest.index().openIntentCount();
        if (open > 0) {
            LOG.info("{} upload(s) were interrupted before their outcome was recorded; each is checked against"
                    + " the provider's file list when its file is seen again, so it is not sent twice", open);
        }
        int parallel = (int) s.getLong("filegate.parallel-files", 4, 1, 256);
        progress = new Progress(s.getLong("filegate.progress-seconds", 10, 0, 3600));
        context.addRoutes(new Pipeline(rules, providers, outcomes, retry, dedup.equals("upload-anyway"), skewMs,
                parallel, progress));
        context.addRoutes(new PartsUpload(providers, outcomes, retry));
    }

    Mode mode() {
        return mode;
    }

    SyncTracker syncTracker() {
        return syncTracker;
    }

    Plan plan() {
        return plan;
    }

    RunStats stats() {
        return stats;
    }

    void close() {
        if (progress != null) {
            progress.close();
        }
        if (s3Services != null) {
            s3Services.close();
        }
        if (manifest != null) {
            manifest.close();
        }
    }
}
