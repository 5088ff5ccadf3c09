package filegate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import filegate.manifest.JsonlManifest;
import filegate.manifest.Manifest;
import filegate.pipeline.Outcomes;
import filegate.pipeline.Pipeline;
import filegate.pipeline.RunStats;
import filegate.provider.Providers;
import filegate.rules.Rules;
import filegate.source.SourceFilter;
import filegate.source.SyncTracker;
import filegate.source.s3.S3Services;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Reads and checks the {@code filegate.*} settings, then binds the beans the YAML sources refer to
 * ({@code #sourceFilter}, {@code #syncTracker}) and adds the pipeline routes. Runs before any route
 * starts, so a bad setting stops Filegate before a file is touched.
 */
public final class FilegateConfiguration implements CamelConfiguration {
    private final Mode mode;
    private final SyncTracker syncTracker = new SyncTracker();
    private final RunStats stats = new RunStats();
    private volatile Manifest manifest;
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
        Providers providers = Providers.load(s, defaultProviders);
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

        manifest = new JsonlManifest(s.path("filegate.manifest", "manifest.jsonl"));
        Outcomes outcomes = new Outcomes(manifest, stats);
        Rules rules = new Rules(defaultProviders);

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
        context.addRoutes(new Pipeline(rules, providers, outcomes, retry, dedup.equals("upload-anyway")));
    }

    Mode mode() {
        return mode;
    }

    SyncTracker syncTracker() {
        return syncTracker;
    }

    RunStats stats() {
        return stats;
    }

    void close() {
        if (s3Services != null) {
            s3Services.close();
        }
        if (manifest != null) {
            manifest.close();
        }
    }
}
