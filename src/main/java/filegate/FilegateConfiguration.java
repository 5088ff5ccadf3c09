package filegate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import filegate.lifecycle.AwaitSettings;
import filegate.lifecycle.PendingScan;
import filegate.lifecycle.ProcessingWatch;
import filegate.manifest.JsonlManifest;
import filegate.manifest.Manifest;
import filegate.manifest.ManifestException;
import filegate.manifest.ManifestInUseException;
import filegate.net.Network;
import filegate.ops.MicrometerTelemetry;
import filegate.ops.ProviderHealth;
import filegate.ops.SourceHealth;
import filegate.ops.StoreHealth;
import filegate.pacing.Pacing;
import filegate.pipeline.Outcomes;
import filegate.pipeline.PartsUpload;
import filegate.pipeline.Pipeline;
import filegate.pipeline.Plan;
import filegate.pipeline.Progress;
import filegate.pipeline.RetrySettings;
import filegate.pipeline.RunStats;
import filegate.pipeline.Telemetry;
import filegate.provider.Availability;
import filegate.provider.Provider;
import filegate.provider.Providers;
import filegate.rules.Rules;
import filegate.source.DropFolder;
import filegate.source.DropFolderCheck;
import filegate.source.Requeue;
import filegate.source.SourceFilter;
import filegate.source.SourceGuard;
import filegate.source.SyncTracker;
import filegate.source.s3.S3Keys;
import filegate.source.s3.S3Services;
import filegate.source.s3.S3SourceComponent;
import filegate.store.PgStore;
import filegate.store.StoreSettings;
import filegate.store.StoreWiring;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;
import org.apache.camel.component.micrometer.prometheus.MicrometerPrometheus;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.MainConfigurationProperties;

/**
 * Reads and checks the {@code filegate.*} settings, then binds the beans the YAML sources refer to
 * ({@code #sourceFilter}, {@code #syncTracker}) and adds the pipeline routes. Runs before any route
 * starts, so a bad setting stops Filegate before a file is touched.
 */
public final class FilegateConfiguration implements CamelConfiguration {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FilegateConfiguration.class);
    private final Mode mode;
    private final MainConfigurationProperties main;
    private final SyncTracker syncTracker;
    private final RunStats stats = new RunStats();
    private final Plan plan = new Plan();
    private volatile Manifest manifest;
    private volatile Progress progress;
    private volatile AwaitSettings awaitSettings;
    private volatile ProcessingWatch processing;
    private volatile Path manifestPath;
    private volatile List<Provider> providersInUse;
    private volatile RetrySettings retrySettings;
    private volatile Duration clockSkew;
    private volatile Checked checked;

    /** @param main camel-main's settings, read once they are final (routes pattern, management server) */
    FilegateConfiguration(Mode mode, MainConfigurationProperties main) {
        this.mode = mode;
        this.syncTracker = new SyncTracker(!mode.dryRun(), mode.oneShot());
        this.main = main;
    }

    /**
     * Checks every setting and makes what camel-main must see before it reads the routes and configures the
     * components from {@code camel.component.*} (the {@code http} component, the beans and properties the
     * YAML sources name). Touches nothing: no manifest, no file, no provider; {@link #open} does, once
     * camel-main has configured the {@code http} component the start-up probe goes through.
     */
    @Override
    public void configure(CamelContext context) throws Exception {
        Settings s = Settings.of(context);
        context.getCamelContextExtension().addInterceptStrategy(FatalErrors.interceptor());
        ConfigKeys.check(s.keysUnder(Settings.PREFIX).stream().map(k -> Settings.PREFIX + k).toList());
        ConfigKeys.unknownEnvironmentVariables(System.getenv().keySet()).forEach(LOG::warn);
        checkManagementPort();
        Path inbox = s.path("filegate.inbox");
        checkInbox(inbox);
        List<String> defaultProviders = s.list("filegate.provider");
        Rules rules = Rules.load(s, defaultProviders);
        // a dry run (or a requeue) sends nothing, so it is useful before anyone has a key
        Providers providers = Providers.load(s, List.copyOf(rules.providerNames()),
                mode.sends() || mode.asksProviders());
        rules = rules.withProviders(providers.names());
        long stableMs = s.getLong("filegate.inbox.stable-ms", 0, 86_400_000);
        SourceGuard guard = new SourceGuard(SourceGuard.FollowLinks.parse(s.getOrDefault("filegate.inbox.follow-links")));
        s.getLong("filegate.inbox.poll-ms", 1, 86_400_000);
        int perScan = (int) s.getLong("filegate.inbox.max-files-per-scan", 0, 1_000_000);
        RetrySettings retry = new RetrySettings(
                (int) s.getLong("filegate.retry.max-attempts", 1, 100),
                s.getLong("filegate.retry.initial-delay-ms", 0, 3_600_000),
                s.getLong("filegate.retry.max-delay-ms", 0, 3_600_000),
                s.getLong("filegate.retry.max-retry-after-seconds", 0, 86_400) * 1000,
                s.getLong("filegate.retry.max-wait-seconds", 0, 86_400) * 1000);
        String dedup = s.getOrDefault("filegate.dedup");
        if (!dedup.equals("skip") && !dedup.equals("upload-anyway") && !dedup.equals("verify")) {
            throw new ConfigException("filegate.dedup=" + dedup + " is not allowed: expected skip, verify or"
                    + " upload-anyway");
        }
        boolean probe = s.getBoolean("filegate.probe.enabled");
        Duration probeEvery = Duration.ofSeconds(s.getLong("filegate.probe.interval-seconds", 1, 86_400));
        Duration probeTimeout = Duration.ofMillis(s.getLong("filegate.probe.timeout-ms", 100, 600_000));
        providersInUse = rules.providerNames().stream().map(providers::get).toList();
        retrySettings = retry;
        Optional<StoreSettings> store = StoreSettings.of(s);
        clockSkew = Duration.ofSeconds(s.getLong("filegate.reconcile.clock-skew-seconds", 0, 3600));
        int parallel = (int) s.getLong("filegate.parallel-files", 1, 256);
        long progressSeconds = s.getLong("filegate.progress-seconds", 0, 3600);
        awaitSettings = AwaitSettings.load(s, providers, rules.providerNames());
        manifestPath = s.path("filegate.manifest");
        Path manifestDir = manifestPath.toAbsolutePath().getParent();
        Path spool = s.path("filegate.s3.spool-dir", manifestDir.resolve("s3-spool").toString());
        if (store.isPresent()) {
            // nodes on one host may share the folder: each cleans only its own local copies at start
            spool = spool.resolve(S3Keys.safeSegment(store.get().nodeId()));
        }

        Network network = Network.from(s, System.getenv());
        network.logOnce();
        // one pace per provider account, for every request to it: probe, uploads, parts, file lists
        Pacing pacing = mode.sends() ? Pacing.load(s, providers) : Pacing.none();
        // httpclient5 on its own resends a POST after 429/503 and some I/O errors: hidden, uncounted, and
        // without looking at the provider's file list first. Every retry must go through the pipeline.
        HttpComponent http = new filegate.net.NetworkHttpComponent();
        http.setAutomaticRetriesDisabled(true);
        http.setHttpClientConfigurer(builder -> {
            pacing.install(builder);
            // the public suffix list is read when a provider first sets a cookie, not at every start
            filegate.net.LazyCookieSpecs.install(builder);
        });
        // trust store and proxies for every camel-http endpoint (uploads, file lists, reconciliation, probe)
        network.applyTo(http);
        // which message headers become request headers, for every provider endpoint (ProviderHeaders)
        http.setHeaderFilterStrategy(filegate.provider.ProviderHeaders.of(providers));
        // camel-main sets camel.component.http.* on this instance once every configure() has run
        context.addComponent("http", http);

        context.getRegistry().bind("syncTracker", syncTracker);
        context.getRegistry().bind("sourceGuard", guard);
        // the drop-folder route turns each file into an item that commits itself by moving (DropFolder)
        context.getRegistry().bind(DropFolder.BEAN, new DropFolder(syncTracker));
        context.getRegistry().bind(DropFolder.MOVE_ERRORS, DropFolder.moveErrors(context));

        // the shipped S3 source (routes/sources.camel.yaml) starts only when a bucket is configured
        boolean s3 = s.get("filegate.s3.bucket").isPresent();
        context.getPropertiesComponent().addOverrideProperty("filegate.source.s3-active", String.valueOf(s3));
        // the s3-prefix template's consumer (routes/s3-prefix.camel.yaml): a polling consumer, as camel-file is
        context.addComponent(S3SourceComponent.SCHEME, new S3SourceComponent());
        checked = new Checked(rules, providers, network, store, stableMs, guard, perScan, dedup,
                probe && mode.sends(), probeEvery, probeTimeout, parallel, progressSeconds, manifestDir, spool);
    }

    /** What {@link #configure} checked and made, for {@link #open}. */
    private record Checked(Rules rules, Providers providers, Network network, Optional<StoreSettings> store,
            long stableMs, SourceGuard guard, int perScan, String dedup, boolean probe, Duration probeEvery,
            Duration probeTimeout, int parallel, long progressSeconds, Path manifestDir, Path spool) {
    }

    /**
     * The start-up probe, then the manifest and everything that writes: called by camel-main's
     * {@code afterConfigure}, when the {@code http} component has its {@code camel.component.http.*}
     * settings (so the probe goes out exactly as an upload would) and no route has started. A one-shot run
     * that cannot reach its provider stops here, before the manifest is opened: it touches nothing.
     */
    void open(CamelContext context) {
        Checked c = checked;
        ProviderHealth providerHealth = null;
        if (c.probe()) {
            providerHealth = new ProviderHealth(context, providersInUse, c.probeTimeout());
            providerHealth.startupProbe(mode.oneShot(), c.probeEvery());
        }

        manifest = c.store().isPresent()
                ? PgStore.open(c.store().get(), mode.writesManifest(), mode.kind().name().toLowerCase())
                : openManifest(manifestPath);
        StoreWiring.wire(context, manifest, mode.oneShot(), syncTracker);
        Telemetry telemetry = telemetry(context, providersInUse, providerHealth);
        Outcomes outcomes = new Outcomes(manifest, stats, mode.dryRun() ? plan : null, telemetry);

        // watch mode holds files for a provider the probe finds unusable; a one-shot run never starts then
        Availability availability = providerHealth == null || mode.oneShot() ? Availability.ALWAYS : providerHealth;
        // bound before any route is created: routes resolve #sourceFilter when the context starts them
        context.getRegistry().bind("sourceFilter", new SourceFilter(c.rules(), outcomes, c.stableMs(), availability,
                syncTracker, c.guard()));
        // c.parallel(): files in flight at once, whatever their source (the upload threads of direct:ingest)
        S3Services s3Services = new S3Services(c.rules(), outcomes, syncTracker, availability, c.spool(),
                c.manifestDir().resolve("s3-failed"), c.network(), c.parallel());
        s3Services.cleanSpool();
        context.getRegistry().bind(S3Services.BEAN, s3Services);

        registerHealthChecks(context, providerHealth);
        if (manifest instanceof PgStore pg && pg.nodeClaims() != null && HealthCheckRegistry.get(context) != null) {
            HealthCheckRegistry.get(context).register(new StoreHealth(pg.nodeClaims()));
        }
        if (providerHealth != null && !mode.oneShot()) {
            providerHealth.start(context, c.probeEvery());
        }
        int open = manifest.index().openIntentCount();
        if (open > 0) {
            LOG.info("{} upload(s) were interrupted before their outcome was recorded; each is checked against"
                    + " the provider's file list when its file is seen again, so it is not sent twice", open);
        }
        progress = new Progress(c.progressSeconds());
        // files waiting for an upload thread: one scan's worth (0 = all files in one scan, no bound)
        int waiting = c.perScan() == 0 ? Integer.MAX_VALUE : Math.max(c.perScan(), c.parallel());
        if (manifest.claims().shared()) {
            // a node claims what it takes: claiming a whole scan would leave the other nodes nothing to do
            waiting = c.parallel();
        }
        if (awaitSettings.any() && mode.sends()) {
            // polls on a scheduler of its own: never an upload thread (docs/after-upload.md)
            processing = new ProcessingWatch(awaitSettings, manifest, c.providers(), context,
                    c.manifestDir().resolve("s3-failed"));
            outcomes.afterUpload(processing);
        }
        // added after the YAML sources (camel-main read them before afterConfigure), so they start after
        // them: a file taken in that moment waits for direct:ingest's consumer (camel-direct blocks until it
        // is there), it is not lost
        try {
            context.addRoutes(new Pipeline(c.rules(), c.providers(), outcomes, retrySettings,
                    c.dedup().equals("upload-anyway"), c.dedup().equals("verify"), clockSkew.toMillis(), c.parallel(),
                    waiting, progress));
            context.addRoutes(new PartsUpload(c.providers(), outcomes, retrySettings, progress));
            context.addRoutes(new filegate.pipeline.ProviderHttp());
            // GET / DELETE {base}/files/{id} and the file list, for processing checks and --report / --prune
            context.addRoutes(filegate.lifecycle.ProviderCalls.routes());
        } catch (Exception e) {
            throw org.apache.camel.RuntimeCamelException.wrapRuntimeCamelException(e);
        }
    }

    private Manifest openManifest(Path path) {
        try {
            return new JsonlManifest(path, mode.writesManifest());
        } catch (ManifestInUseException e) {
            throw new ConfigException(e.getMessage());
        } catch (ManifestException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ConfigException("filegate.manifest=" + path + " cannot be opened ("
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "); it must be a file in a"
                    + " folder this user can write");
        }
    }

    /**
     * Filegate's meters go into the registry camel-micrometer-prometheus serves; when Camel's metrics are
     * off (one-shot runs by default) nothing is measured.
     */
    private Telemetry telemetry(CamelContext context, List<Provider> inUse, ProviderHealth health) {
        if (mode.dryRun() || context.hasService(MicrometerPrometheus.class) == null) {
            return Telemetry.NONE;
        }
        MeterRegistry registry = MicrometerUtils.getMeterRegistryFromCamelRegistry(context.getRegistry(),
                MicrometerConstants.METRICS_REGISTRY_NAME);
        if (registry == null) {
            // bound before the metrics service starts, so that it serves this one
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        }
        StoreWiring.tagMetrics(registry, manifest);
        MicrometerTelemetry t = new MicrometerTelemetry(registry, inUse.stream().map(Provider::name).toList());
        if (health != null) {
            t.providerUp(health);
        }
        return t;
    }

    private static void registerHealthChecks(CamelContext context, ProviderHealth providerHealth) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry == null) {
            return;
        }
        if (providerHealth != null) {
            providerHealth.checks().forEach(registry::register);
        }
        registry.register(new SourceHealth(context));
    }

    /** The inbox may be missing (it is created), but not unusable. */
    private static void checkInbox(Path inbox) {
        if (!Files.exists(inbox)) {
            Path parent = inbox.toAbsolutePath().getParent();
            while (parent != null && !Files.exists(parent)) {
                parent = parent.getParent();
            }
            if (parent != null && !Files.isDirectory(parent)) {
                throw new ConfigException("filegate.inbox=" + inbox + " cannot be created: " + parent
                        + " is a file, not a folder");
            }
            return;
        }
        if (!Files.isDirectory(inbox)) {
            throw new ConfigException("filegate.inbox=" + inbox + " is not a folder");
        }
        new DropFolderCheck("inbox", inbox).problem().ifPresent(p -> {
            throw new ConfigException("filegate.inbox=" + inbox + " cannot be read: " + p);
        });
    }

    /**
     * The management server logs a failed bind and carries on without it, leaving no health endpoint;
     * a taken port is a start-up error instead, found by binding it once here.
     */
    private void checkManagementPort() {
        HttpManagementServerConfigurationProperties m = main.httpManagementServer();
        if (!m.isEnabled() || m.getPort() == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(m.getHost(), m.getPort()));
        } catch (java.io.IOException e) {
            throw new ConfigException("camel.management.port=" + m.getPort() + " cannot be used on " + m.getHost()
                    + " (" + e.getMessage() + "): stop whatever holds it, choose another port (0 = any free one),"
                    + " or set camel.management.enabled=false");
        }
    }

    Mode mode() {
        return mode;
    }

    SyncTracker syncTracker() {
        return syncTracker;
    }

    /** Open once {@link #configure} has run (for --requeue-failed, which records its moves). */
    Manifest manifest() {
        return manifest;
    }

    Plan plan() {
        return plan;
    }

    RunStats stats() {
        return stats;
    }

    /** Checks a stopped run left open are asked again (once the routes, which name the drop folders, exist). */
    void resumeProcessing(CamelContext context) {
        if (processing != null) {
            PendingScan.resume(processing, awaitSettings, manifest, manifestPath, Requeue.dropFolders(context));
        }
    }

    /** --report / --prune, once Camel has read the configuration (no route started); returns the exit code. */
    int inspect(CamelContext context) {
        return (mode.kind() == Mode.Kind.REPORT
                ? filegate.report.ReportRun.report(mode.what(), mode.since() == null ? null
                        : Mode.sinceInstant(mode.since()), mode.json(), mode.csv())
                : filegate.report.ReportRun.prune(mode.what(), mode.json(), mode.apply()))
                .run(context, manifest, manifestPath, providersInUse, clockSkew, retrySettings.maxAttempts(),
                        Math.max(1, retrySettings.initialDelayMs()), System.out, System.err);
    }

    /** Waiting for the provider to process uploads, or null when no provider instance does. */
    ProcessingWatch processing() {
        return processing;
    }

    void close() {
        if (processing != null) {
            processing.close();
        }
        if (progress != null) {
            progress.close();
        }
        if (manifest != null) {
            manifest.close();
        }
        syncTracker.close();
    }
}
