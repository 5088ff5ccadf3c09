package filegate.ops;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import filegate.pipeline.Telemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Filegate's own meters, in the registry camel-micrometer-prometheus scrapes at /observe/metrics.
 * Prometheus names: {@code filegate_files_total{provider,outcome}}, {@code filegate_uploaded_bytes_total},
 * {@code filegate_upload_duration_seconds} (histogram), {@code filegate_upload_retries_total},
 * {@code filegate_uploads_in_flight}, {@code filegate_rejections_total{provider,code}},
 * {@code filegate_provider_up}.
 */
public final class MicrometerTelemetry implements Telemetry {
    static final List<String> OUTCOMES = List.of("uploaded", "duplicate", "rejected", "failed");
    /** Uploads run from under a second to many minutes for multi-GB files. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
        Duration.ofMinutes(30)};

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    /**
     * @param providers registered up front with zero counts, so that a rate or an alert works before
     *                  the first file arrives
     */
    public MicrometerTelemetry(MeterRegistry registry, Collection<String> providers) {
        this.registry = registry;
        for (String p : providers) {
            OUTCOMES.forEach(o -> files(p, o));
            bytes(p);
            retries(p);
            inFlight(p);
        }
        unmatchedCounter();
    }

    /** Exposes each provider's last probe as 1 (usable) or 0. */
    public void providerUp(ProviderHealth health) {
        for (String name : health.names()) {
            Gauge.builder("filegate.provider.up", health, h -> h.up(name))
                    .description("1 while the provider was usable at the last probe, 0 while not, -1 before it")
                    .tag("provider", name).register(registry);
        }
    }

    private Counter files(String provider, String outcome) {
        return Counter.builder("filegate.files").description("Files by outcome, per provider")
                .tag("provider", provider).tag("outcome", outcome).register(registry);
    }

    private Counter unmatchedCounter() {
        return Counter.builder("filegate.files").description("Files by outcome, per provider")
                .tag("provider", "none").tag("outcome", "unmatched").register(registry);
    }

    private Counter bytes(String provider) {
        return Counter.builder("filegate.uploaded").baseUnit("bytes").description("Bytes of files uploaded")
                .tag("provider", provider).register(registry);
    }

    private Counter retries(String provider) {
        return Counter.builder("filegate.upload.retries").description("Upload attempts repeated after a failure")
                .tag("provider", provider).register(registry);
    }

    private AtomicInteger inFlight(String provider) {
        return inFlight.computeIfAbsent(provider, p -> {
            AtomicInteger n = new AtomicInteger();
            Gauge.builder("filegate.uploads.in.flight", n, AtomicInteger::get)
                    .description("Uploads started and not yet recorded").tag("provider", p).register(registry);
            return n;
        });
    }

    @Override
    public void outcome(String provider, String outcome, long bytes, long uploadNanos, String errorCode) {
        files(provider, outcome).increment();
        if ("uploaded".equals(outcome)) {
            bytes(provider).increment(bytes);
        }
        if ("rejected".equals(outcome)) {
            Counter.builder("filegate.rejections").description("Files refused before upload, by reason code")
                    .tag("provider", provider).tag("code", errorCode == null ? "unknown" : errorCode)
                    .register(registry).increment();
        }
        if (uploadNanos >= 0) {
            Timer.builder("filegate.upload.duration")
                    .description("From the first attempt of an upload to its outcome, retries included")
                    .serviceLevelObjectives(BUCKETS)
                    .tag("provider", provider).tag("outcome", outcome)
                    .register(registry).record(uploadNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void unmatched() {
        unmatchedCounter().increment();
    }

    @Override
    public void uploadStarted(String provider) {
        inFlight(provider).incrementAndGet();
    }

    @Override
    public void uploadEnded(String provider) {
        inFlight(provider).decrementAndGet();
    }

    @Override
    public void retry(String provider) {
        retries(provider).increment();
    }
}
