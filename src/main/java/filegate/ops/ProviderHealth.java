package filegate.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import filegate.ConfigException;
import filegate.provider.Availability;
import filegate.provider.Provider;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last probe result of every provider files may be sent to, re-probed in the background so that
 * readiness follows the provider without a restart. A health check only reads the last result: asking
 * for /observe/health never calls a provider. Made once camel-main has configured the {@code http}
 * component, since the probe goes through it ({@link ProviderProbe}).
 */
public final class ProviderHealth implements Availability {
    private static final Logger LOG = LoggerFactory.getLogger("filegate.probe");

    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private final ProviderProbe probe;
    private final Map<String, ProviderProbe.Result> last = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService scheduler;

    public ProviderHealth(CamelContext context, Collection<Provider> inUse, Duration timeout) {
        inUse.forEach(p -> providers.put(p.name(), p));
        this.probe = new ProviderProbe(context, timeout);
    }

    /**
     * The start-up probe. A one-shot run stops (exit 2) when a provider's key or URL is wrong: every file
     * would fail. Watch mode keeps running with readiness DOWN, since on a server the provider may only be
     * down for now.
     */
    public void startupProbe(boolean oneShot, Duration every) {
        probeAll().forEach((name, r) -> {
            if (r.up()) {
                return;
            }
            if (oneShot && r.fatal()) {
                throw new ConfigException("provider " + r.message() + " (start-up probe; filegate.probe.enabled=false"
                        + " skips it)");
            }
            if (oneShot) {
                LOG.warn("provider {} is not usable now; uploads will be tried anyway, with retries: {}", name,
                        r.message());
            } else {
                LOG.error("provider {} is unusable (readiness DOWN, re-probed every {} s; files for it stay where"
                        + " they are until it is usable): {}", name, every.toSeconds(), r.message());
            }
        });
    }

    /** Probes every provider at once (in parallel) and returns the results by name. */
    public Map<String, ProviderProbe.Result> probeAll() {
        Map<String, CompletableFuture<ProviderProbe.Result>> running = new LinkedHashMap<>();
        providers.values().forEach(p -> running.put(p.name(), CompletableFuture.supplyAsync(() -> probe.probe(p))));
        Map<String, ProviderProbe.Result> out = new LinkedHashMap<>();
        running.forEach((name, f) -> {
            ProviderProbe.Result r = f.join();
            remember(name, r);
            out.put(name, r);
        });
        return out;
    }

    /** Logs only changes, so a provider that stays down is not a log line per probe. */
    private void remember(String name, ProviderProbe.Result r) {
        ProviderProbe.Result before = last.put(name, r);
        if (before == null) {
            if (r.up()) {
                LOG.info("provider {}", r.message());
            }
            return; // a first DOWN is reported by whoever asked for the start-up probe
        }
        if (before.up() && !r.up()) {
            LOG.error("provider {} is now unusable (readiness DOWN): {}; files for it stay where they are until it is"
                    + " usable again", name, r.message());
        } else if (!before.up() && r.up()) {
            LOG.info("provider {} is usable again (readiness UP): {}; files held for it are taken now", name,
                    r.message());
        } else if (!r.up() && !r.message().equals(before.message())) {
            LOG.error("provider {} is still unusable: {}", name, r.message());
        }
    }

    /** Re-probes every {@code interval} until {@link #stop()}. */
    public void start(CamelContext context, Duration interval) {
        if (providers.isEmpty()) {
            return;
        }
        scheduler = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "filegate-probe");
        long ms = interval.toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                probeAll();
            } catch (RuntimeException e) {
                LOG.warn("provider probe failed: {}", e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.shutdownNow();
        }
    }

    /** Unusable at the last probe; not before the first one (the start-up probe decides that). */
    @Override
    public Optional<String> unusable(String provider) {
        ProviderProbe.Result r = last.get(provider);
        return r == null || r.up() ? Optional.empty() : Optional.of(r.message());
    }

    /** 1 when the provider was usable at the last probe, 0 when not, -1 before the first. */
    public double up(String name) {
        ProviderProbe.Result r = last.get(name);
        return r == null ? -1 : r.up() ? 1 : 0;
    }

    public Collection<String> names() {
        return providers.keySet();
    }

    /** One readiness check per provider, named {@code provider:<name>}. */
    public List<AbstractHealthCheck> checks() {
        List<AbstractHealthCheck> out = new ArrayList<>();
        for (String name : providers.keySet()) {
            out.add(new AbstractHealthCheck("filegate", "provider:" + name) {
                @Override
                public boolean isLiveness() {
                    return false; // a provider outage is no reason to restart Filegate
                }

                @Override
                protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
                    ProviderProbe.Result r = last.get(name);
                    if (r == null) {
                        builder.unknown().message("not probed yet");
                        return;
                    }
                    builder.message(r.message()).detail("probed_at", r.at().toString());
                    if (r.up()) {
                        builder.up();
                    } else {
                        builder.down();
                    }
                }
            });
        }
        return out;
    }
}
