package filegate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import filegate.pipeline.RunStats;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots camel-main the same way for the command line and for tests, and turns the run into an exit
 * code: 0 done, 1 some file failed or was rejected (one-shot modes), 2 configuration or start-up error.
 */
public final class FilegateApp {
    private static final Logger LOG = LoggerFactory.getLogger(FilegateApp.class);
    public static final int OK = 0;
    public static final int FILES_FAILED = 1;
    public static final int CONFIG_ERROR = 2;

    private final List<String> args;
    private final Map<String, String> overrides;
    private final Main main = new Main();
    private final CountDownLatch started = new CountDownLatch(1);
    /** The process's own run (not a test's in-process one): its start-up lines are held, see StartupLogs. */
    private final boolean holdStartupLogs;
    private volatile RequeueRun requeued;
    private volatile int inspected = CONFIG_ERROR;

    /** The command line's run, as {@link Filegate#main} starts it. */
    public FilegateApp(String[] args) {
        this(Arrays.asList(args), Map.of(), true);
    }

    /** @param overrides properties that beat every other source (tests use them instead of -D). */
    public FilegateApp(List<String> args, Map<String, String> overrides) {
        this(args, overrides, false);
    }

    private FilegateApp(List<String> args, Map<String, String> overrides, boolean holdStartupLogs) {
        this.args = args;
        this.overrides = overrides;
        this.holdStartupLogs = holdStartupLogs;
    }

    public int run() {
        Mode mode;
        Path configDir;
        try {
            mode = Mode.parse(args);
            if (mode.informational()) {
                System.out.print(mode.kind() == Mode.Kind.HELP ? Usage.help() : Usage.version());
                return OK;
            }
            configDir = configDir(mode, System.getenv());
        } catch (ConfigException e) {
            System.err.println("filegate: " + e.getMessage());
            return CONFIG_ERROR;
        }
        if (mode.kind() == Mode.Kind.COMPACT_MANIFEST) {
            return CompactManifestRun.run(configDir.resolve("application.properties"), overrides, System.out,
                    System.err);
        }
        if (mode.storeOnly()) {
            return new filegate.store.ManifestTransfer(mode.kind() == Mode.Kind.IMPORT_MANIFEST, mode.file())
                    .run(configDir.resolve("application.properties"), overrides, System.out, System.err);
        }
        StartupLogs startupLogs = holdStartupLogs ? StartupLogs.hold() : null;
        try {
            return run(mode, configDir, startupLogs);
        } finally {
            if (startupLogs != null) {
                // a run that never got as far as "started" (or ended without error) still shows its lines
                startupLogs.release();
            }
        }
    }

    private int run(Mode mode, Path configDir, StartupLogs startupLogs) {
        FilegateConfiguration config = new FilegateConfiguration(mode, main.configure());
        // application.properties in the config folder; without this camel-main reads only the classpath
        main.setDefaultPropertyPlaceholderLocation("file:" + configDir.resolve("application.properties")
                + ";optional=true");
        main.configure().withRoutesIncludePattern("file:" + configDir.resolve("routes") + "/*.camel.yaml")
                .withStreamCachingEnabled(false)
                .withName("filegate")
                .withShutdownTimeout(30);
        if (mode.requeue() || mode.inspects()) {
            // the routes are read (they name the drop folders) but none starts: nothing is taken or sent
            main.configure().withAutoStartup(false);
        }
        managementDefaults(mode);
        main.configure().addConfiguration(config);
        overrides.forEach(main::addOverrideProperty);
        main.addOverrideProperty("filegate.source.repeat-count", mode.oneShot() ? "1" : "0");
        // a dry run must leave every source exactly as it found it
        main.addOverrideProperty("filegate.source.noop", Boolean.toString(mode.dryRun()));
        if (mode.dryRun()) {
            // left in place, files are told apart from those already seen only by camel-file's memory of
            // the last 1,000 names: a scan in batches would come round to the first files again
            main.addOverrideProperty("filegate.inbox.max-files-per-scan", "0");
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeStop(BaseMainSupport m) {
                stopTakingFiles(m.getCamelContext());
            }

            @Override
            public void beforeConfigure(BaseMainSupport m) {
                // before camel-main reads the routes; the pattern may come from any property source
                var pc = m.getCamelContext().getPropertiesComponent();
                checkRoutesFound(pc.resolveProperty("camel.main.routes-include-pattern")
                        .or(() -> pc.resolveProperty("camel.main.routesIncludePattern"))
                        .orElse(main.configure().getRoutesIncludePattern()));
            }

            @Override
            public void afterConfigure(BaseMainSupport m) {
                // camel-main has set camel.component.* now (only after every configure()), and no route has
                // started: the start-up probe goes out through the configured http component, then the rest
                config.open(m.getCamelContext());
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                if (startupLogs != null) {
                    startupLogs.release();
                }
                if (mode.inspects()) {
                    // no source starts: the report (or prune) is the lines it prints
                    started.countDown();
                    inspected = config.inspect(m.getCamelContext());
                    main.completed();
                    return;
                }
                if (mode.requeue()) {
                    // no source starts: what it does is the lines it prints
                    started.countDown();
                    requeued = RequeueRun.of(m.getCamelContext(), config.manifest());
                    main.completed();
                    return;
                }
                logStarted(mode, m.getCamelContext());
                if (mode.sends()) {
                    config.resumeProcessing(m.getCamelContext());
                }
                started.countDown();
                if (mode.oneShot()) {
                    Thread t = new Thread(() -> completeWhenDone(config), "filegate-sync");
                    t.setDaemon(true);
                    t.start();
                }
            }
        });
        try {
            main.run();
        } catch (Exception e) {
            if (startupLogs != null && isConfigError(e)) {
                // the one line below says what to fix; what was logged before it would only hide it
                startupLogs.discard();
            }
            System.err.println("filegate: " + startupMessage(e));
            stopQuietly();
            return CONFIG_ERROR;
        } finally {
            config.close();
        }
        if (!mode.oneShot()) {
            return OK;
        }
        if (mode.requeue()) {
            return requeued == null ? CONFIG_ERROR : requeued.exitCode();
        }
        if (mode.inspects()) {
            return inspected;
        }
        if (!config.syncTracker().failures().isEmpty()) {
            config.syncTracker().failures().forEach(f -> System.err.println("filegate: " + f));
            return CONFIG_ERROR;
        }
        if (mode.dryRun()) {
            config.plan().print(System.out, mode.json());
            return config.plan().allWouldUpload() ? OK : FILES_FAILED;
        }
        RunStats stats = config.stats();
        System.out.println(stats.summary());
        config.syncTracker().changedNotes().forEach(f -> System.err.println("filegate: " + f));
        var processing = config.processing();
        if (processing != null) {
            System.out.println("processing: " + processing.processedCount() + " processed, "
                    + processing.failures().size() + " failed, " + processing.open() + " still open");
            processing.failures().forEach(f -> System.err.println("filegate: processing failed: " + f));
            if (!processing.failures().isEmpty()) {
                return FILES_FAILED;
            }
        }
        // a refused entry (a link leading outside, an unreadable name) is a problem someone must look at
        return stats.get(RunStats.Counter.FAILED) + stats.get(RunStats.Counter.REJECTED)
                + stats.get(RunStats.Counter.REFUSED) > 0 || !config.syncTracker().changedNotes().isEmpty()
                ? FILES_FAILED : OK;
    }

    /**
     * Lowest-precedence defaults for the management server: on for watch mode, off for one-shot runs (a
     * cron job needs no port; -Dcamel.management.enabled=true turns it on), and on loopback only.
     */
    private void managementDefaults(Mode mode) {
        main.addInitialProperty("camel.management.enabled", Boolean.toString(!mode.oneShot()));
        main.addInitialProperty("camel.management.host", "127.0.0.1");
        // Camel reads no *_PORT environment variable (it takes them for Kubernetes service links)
        main.addInitialProperty("camel.management.port", "{{env:FILEGATE_MANAGEMENT_PORT:9876}}");
        main.addInitialProperty("camel.management.health-check-enabled", "true");
        main.addInitialProperty("camel.management.metrics-enabled", "true");
        // readiness is DOWN only while something is unusable: a drop folder's first poll, which lasts as
        // long as the backlog it finds takes to upload, is work in progress, not a fault
        main.addInitialProperty("camel.health.initial-state", "up");
        // metrics follow the management server wherever it was switched on or off
        main.addInitialProperty("camel.metrics.enabled", "{{camel.management.enabled}}");
        main.addInitialProperty("camel.metrics.binders", "jvm-memory,processor");
        // JMX (camel-management) registers every processor: worth it for a long-running service, a
        // second of start-up for nothing in a cron job
        main.addInitialProperty("camel.main.jmx-enabled", Boolean.toString(!mode.oneShot()));
    }

    /** --config-dir, else FILEGATE_HOME, else the working directory. */
    static Path configDir(Mode mode, Map<String, String> environment) {
        String flag = mode.configDir();
        String env = environment.get("FILEGATE_HOME");
        String dir = flag != null ? flag : env != null && !env.isBlank() ? env : null;
        if (dir == null) {
            return Path.of("");
        }
        Path p = Path.of(dir);
        if (!Files.isDirectory(p)) {
            throw new ConfigException((flag != null ? "--config-dir " : "FILEGATE_HOME=") + dir + " is not a folder;"
                    + " it must hold application.properties and routes/");
        }
        return p.toAbsolutePath().normalize();
    }

    private static void logStarted(Mode mode, CamelContext ctx) {
        List<String> sources = ctx.getRoutes().stream()
                .filter(r -> r.getConsumer() instanceof org.apache.camel.support.ScheduledPollConsumer)
                .filter(r -> ctx.getRouteController().getRouteStatus(r.getRouteId()).isStarted())
                // base URIs only: query strings may carry credentials
                .map(r -> r.getRouteId() + " (" + r.getEndpoint().getEndpointBaseUri() + ")").toList();
        var pc = ctx.getPropertiesComponent();
        String store = pc.resolveProperty("filegate.store").filter(u -> !u.isBlank())
                .map(u -> "store " + filegate.store.StoreSettings.redact(u.trim()))
                .orElseGet(() -> "manifest " + pc.resolveProperty("filegate.manifest").orElse("manifest.jsonl"));
        LOG.info("filegate {}: sources {}; {}{}", switch (mode.kind()) {
            case WATCH -> "watching (SIGTERM stops it gracefully)";
            case SYNC -> "syncing once";
            case DRY_RUN -> "planning (dry run: nothing is uploaded, moved or written)";
            case REQUEUE_FAILED, HELP, VERSION, IMPORT_MANIFEST, EXPORT_MANIFEST, REPORT, PRUNE, COMPACT_MANIFEST ->
                    throw new IllegalStateException("no start-up line for " + mode.kind());
        }, sources.isEmpty() ? "none" : String.join(", ", sources), store,
                managementUrl(ctx).map(u -> "; health " + u + "/observe/health, metrics " + u + "/observe/metrics")
                        .orElse(""));
    }

    /** Where the management server listens (the real port when 0 was asked for), if it runs. */
    public static java.util.Optional<String> managementUrl(CamelContext ctx) {
        ManagementHttpServer m = ctx.hasService(ManagementHttpServer.class);
        VertxPlatformHttpServer server = ctx.hasService(VertxPlatformHttpServer.class);
        if (m == null || server == null) {
            return java.util.Optional.empty();
        }
        int port = server.getPort();
        if (port <= 0) {
            LOG.error("the management server did not start on {}:{} (see the warning above): /observe/health and"
                    + " /observe/metrics are not available", m.getHost(), m.getPort());
            return java.util.Optional.empty();
        }
        String host = m.getHost();
        return java.util.Optional.of("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }

    /**
     * First thing on SIGTERM (or the end of a one-shot run): sources stop polling, so no new file is taken
     * while Camel's graceful shutdown lets the uploads in flight finish.
     */
    private static void stopTakingFiles(CamelContext ctx) {
        if (ctx == null) {
            return;
        }
        int inflight = 0;
        for (org.apache.camel.Route r : ctx.getRoutes()) {
            if (r.getConsumer() instanceof org.apache.camel.support.ScheduledPollConsumer c) {
                org.apache.camel.support.service.ServiceHelper.suspendService(c);
                // one exchange per file, counted by the route it came from
                inflight += ctx.getInflightRepository().size(r.getRouteId());
            }
        }
        if (inflight > 0) {
            LOG.info("stopping: no new files are taken; {} file(s) in flight get up to {} s to finish", inflight,
                    ctx.getShutdownStrategy().getTimeout());
        }
    }

    private void completeWhenDone(FilegateConfiguration config) {
        CamelContext ctx = main.getCamelContext();
        try {
            // a --sync also waits for the verdicts it awaits (each ends by its timeout at the latest)
            while (!config.syncTracker().done(ctx)
                    || (config.processing() != null && config.processing().open() > 0)) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        main.completed();
    }

    static boolean isConfigError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException) {
                return true;
            }
        }
        return false;
    }

    /** The first ConfigException in the chain says it best; otherwise the deepest cause. */
    static String startupMessage(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException) {
                return t.getMessage();
            }
            root = t;
        }
        return "could not start: " + root.getMessage();
    }

    private void stopQuietly() {
        try {
            main.stop();
        } catch (Exception e) {
            LOG.debug("stopping after a failed start", e);
        }
    }

    /**
     * camel-main runs with no routes when its pattern matches nothing, or fails with a bare path when
     * the folder is missing: either way the person needs to hear which folder and how to name another.
     */
    static void checkRoutesFound(String pattern) {
        if (pattern == null) {
            return;
        }
        for (String part : pattern.split(",")) {
            String p = part.trim();
            if (!p.startsWith("file:")) {
                continue;
            }
            Path glob = Path.of(p.substring("file:".length()));
            Path dir = glob.getParent() == null ? Path.of(".") : glob.getParent();
            String hint = " (camel.main.routes-include-pattern=" + pattern + "; run Filegate from the folder holding"
                    + " application.properties and routes/, or name that folder with --config-dir or FILEGATE_HOME)";
            if (!Files.isDirectory(dir)) {
                throw new ConfigException("routes folder " + dir.toAbsolutePath().normalize() + " does not exist"
                        + hint);
            }
            java.nio.file.PathMatcher m = dir.getFileSystem().getPathMatcher("glob:" + glob.getFileName());
            try (var files = Files.list(dir)) {
                if (files.noneMatch(f -> m.matches(f.getFileName()))) {
                    throw new ConfigException("routes folder " + dir.toAbsolutePath().normalize() + " has no "
                            + glob.getFileName() + " file, so Filegate would have no sources" + hint);
                }
            } catch (java.io.IOException e) {
                throw new ConfigException("routes folder " + dir.toAbsolutePath().normalize() + " cannot be read ("
                        + e.getMessage() + ")" + hint);
            }
        }
    }

    /** For tests: the running context once started, or null on timeout. */
    public CamelContext awaitStarted(long timeout, TimeUnit unit) throws InterruptedException {
        return started.await(timeout, unit) ? main.getCamelContext() : null;
    }

    /** Graceful stop, as SIGTERM does. */
    public void stop() {
        main.completed();
    }
}
