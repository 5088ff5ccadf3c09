package filegate.ops;

import static filegate.support.Observe.sample;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import filegate.support.FakeProvider;
import filegate.support.FakeProvider.Response;
import filegate.support.Harness;
import filegate.support.Observe;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /observe/metrics after a few uploads, scraped over HTTP as Prometheus would. */
class MetricsTest {
    @TempDir
    Path tmp;

    @Test
    void metrics_count_files_by_outcome_bytes_durations_retries_and_rejections() throws Exception {
        AtomicInteger flaky = new AtomicInteger();
        try (FakeProvider provider = new FakeProvider(); Harness h = new Harness(tmp, provider)) {
            provider.answer(r -> r.method().equals("POST") && r.multipart().part("file").filename().equals("flaky.jsonl")
                    && flaky.incrementAndGet() == 1
                    ? Response.json(503, "{\"error\":{\"message\":\"try again\"}}") : provider.openAiFile(r));
            h.set("filegate.probe.enabled", "true");
            h.drop("fine-tune/a.jsonl", Harness.chat("{\"a\":1}\n"));
            h.drop("fine-tune/flaky.jsonl", Harness.chat("{\"flaky\":1}\n"));
            h.drop("elsewhere/a-again.jsonl", Harness.chat("{\"a\":1}\n"));
            h.drop("batch/notes.txt", "not jsonl");
            h.drop("misc/model.bin", "??");
            CamelContext ctx = h.watch();
            await().atMost(Duration.ofSeconds(30)).until(() -> h.manifestLines().stream()
                    .filter(l -> !l.path("event").asText().equals("intent")).count() == 5);

            Map<String, Double> m = Observe.of(ctx).metrics();
            assertEquals(2.0, sample(m, "filegate_files_total", "provider=openai", "outcome=uploaded"));
            assertEquals(1.0, sample(m, "filegate_files_total", "provider=openai", "outcome=duplicate"));
            assertEquals(1.0, sample(m, "filegate_files_total", "provider=openai", "outcome=rejected"));
            assertEquals(0.0, sample(m, "filegate_files_total", "provider=openai", "outcome=failed"));
            assertEquals(1.0, sample(m, "filegate_files_total", "outcome=unmatched"));
            assertEquals((double) (Harness.chat("{\"a\":1}\n").length() + Harness.chat("{\"flaky\":1}\n").length()),
                    sample(m, "filegate_uploaded_bytes_total", "provider=openai"));
            assertEquals(1.0, sample(m, "filegate_upload_retries_total", "provider=openai"));
            assertEquals(0.0, sample(m, "filegate_uploads_in_flight", "provider=openai"));
            assertEquals(1.0, sample(m, "filegate_rejections_total", "provider=openai", "code=PROVIDER_REFUSES"));
            assertEquals(2.0, sample(m, "filegate_upload_duration_seconds_count", "provider=openai",
                    "outcome=uploaded"));
            assertEquals(2.0, sample(m, "filegate_upload_duration_seconds_bucket", "provider=openai",
                    "outcome=uploaded", "le=+Inf"));
            assertNotNull(sample(m, "filegate_upload_duration_seconds_bucket", "provider=openai",
                    "outcome=uploaded", "le=0.5"), "a histogram with fixed buckets");
            assertEquals(1.0, sample(m, "filegate_provider_up", "provider=openai"));
            assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("camel_exchanges_total")),
                    "Camel's own route metrics are served beside Filegate's");
        }
    }
}
