package filegate;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import filegate.pipeline.RunStats;
import org.apache.camel.CamelContext;
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

    public FilegateApp(String[] args) {
        this(Arrays.asList(args), Map.of());
    }

    /** @param overrides properties that beat every other source (tests use them instead of -D). */
    public FilegateApp(List<String> args, Map<String, String> overrides) {
        this.args = args;
        this.overrides = overrides;
    }

    public int run() {
        Mode mode;
        try {
            mode = Mode.parse(args);
        } catch (ConfigException e) {
            System.err.println("filegate: " + e.getMessage());
            return CONFIG_ERROR;
        }
        FilegateConfiguration config = new FilegateConfiguration(mode);
        // application.properties in the working directory; without this camel-main reads only the classpath
        main.setDefaultPropertyPlaceholderLocation("file:application.properties;optional=true");
        main.configure().withRoutesIncludePattern("file:routes/*.camel.yaml")
                .withStreamCachingEnabled(false)
                .withName("filegate")
                .withShutdownTimeout(30);
        main.configure().addConfiguration(config);
        overrides.forEach(main::addOverrideProperty);
        main.addOverrideProperty("filegate.source.repeat-count", mode.oneShot() ? "1" : "0");
        // a dry run must leave every source exactly as it found it
        main.addOverrideProperty("filegate.source.noop", Boolean.toString(mode.dryRun()));
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeStop(BaseMainSupport m) {
                stopTakingFiles(m.getCamelContext());
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                logStarted(mode, m.getCamelContext());
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
            System.err.println("filegate: " + startupMessage(e));
            stopQuietly();
            return CONFIG_ERROR;
        } finally {
            config.close();
        }
        if (!mode.oneShot()) {
            return OK;
        }
        if (!config.syncTracker().failures().isEmpty()) {
            config.syncTracker().failures().forEach(f -> System.err.println("filegate: source failed: " + f));
            return CONFIG_ERROR;
        }
        if (mode.dryRun()) {
            config.plan().print(System.out, mode.json());
            return config.plan().allWouldUpload() ? OK : FILES_FAILED;
        }
        RunStats stats = config.stats();
        System.out.println(stats.summary());
        return stats.get(RunStats.Counter.FAILED) + stats.get(RunStats.Counter.REJECTED) > 0 ? FILES_FAILED : OK;
    }

    private static void logStarted(Mode mode, CamelContext ctx) {
        List<String> sources = ctx.getRoutes().stream()
                .filter(r -> r.getConsumer() instanceof org.apache.camel.support.ScheduledPollConsumer)
                .filter(r -> ctx.getRouteController().getRouteStatus(r.getRouteId()).isStarted())
                // base URIs only: query strings may carry credentials
                .map(r -> r.getRouteId() + " (" + r.getEndpoint().getEndpointBaseUri() + ")").toList();
        LOG.info("filegate {}: sources {}; manifest {}", switch (mode.kind()) {
            case WATCH -> "watching (SIGTERM stops it gracefully)";
            case SYNC -> "syncing once";
            case DRY_RUN -> "planning (dry run: nothing is uploaded, moved or written)";
        }, sources.isEmpty() ? "none" : String.join(", ", sources),
                ctx.getPropertiesComponent().resolveProperty("filegate.manifest").orElse("manifest.jsonl"));
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
            while (!config.syncTracker().done(ctx)) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        main.completed();
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

    /** For tests: the running context once started, or null on timeout. */
    public CamelContext awaitStarted(long timeout, TimeUnit unit) throws InterruptedException {
        return started.await(timeout, unit) ? main.getCamelContext() : null;
    }

    /** Graceful stop, as SIGTERM does. */
    public void stop() {
        main.completed();
    }
}
