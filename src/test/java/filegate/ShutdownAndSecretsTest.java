package filegate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import filegate.support.ChildJvm;
import filegate.support.FakeProvider;
import filegate.support.FakeProvider.Response;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Process-level guarantees, checked on a real child JVM. */
class ShutdownAndSecretsTest {
    @TempDir
    Path tmp;

    @Test
    void sigterm_lets_the_upload_in_flight_finish_and_takes_no_new_files() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (FakeProvider provider = new FakeProvider()) {
            provider.answer(r -> {
                if (r.method().equals("POST")) {
                    arrived.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return provider.openAiFile(r);
            });
            Harness h = new Harness(tmp, provider);
            h.drop("fine-tune/inflight.jsonl", Harness.chat("{\"x\":1}\n"));
            ChildJvm.Running child = ChildJvm.start(ChildJvm.projectDir(), Map.of("OPENAI_API_KEY", Harness.KEY),
                    h.keylessJvmArgs("-Dfilegate.inbox.poll-ms=100"));
            assertTrue(arrived.await(60, TimeUnit.SECONDS), "the upload never started");
            child.process().destroy(); // SIGTERM
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(child.err().toPath())
                    .contains("stopping: no new files are taken; 1 file(s) in flight get up to"));
            // shutdown has begun: a file dropped now must stay where it is
            h.drop("fine-tune/late.jsonl", Harness.chat("{\"late\":1}\n"));
            await().pollDelay(Duration.ofMillis(500)).until(() -> true);
            // the provider answers only after the signal: the upload must still be completed and recorded
            release.countDown();
            ChildJvm.Result r = child.finish(90);
            assertEquals(1, h.manifestLines("uploaded").size(), r.stderr());
            assertTrue(Files.exists(h.inbox.resolve(".done").resolve(java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                    .toString()).resolve("fine-tune/inflight.jsonl")), r.stderr());
            assertTrue(Files.exists(h.inbox.resolve("fine-tune/late.jsonl")), "no new file after SIGTERM");
            assertEquals(1, provider.uploads().size());
        }
    }

    @Test
    void the_api_key_never_reaches_logs_manifest_or_sidecars_even_at_trace_level() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (FakeProvider provider = new FakeProvider()) {
            provider.answer(r -> {
                if (r.method().equals("GET")) {
                    return provider.openAiFile(r);
                }
                String name = r.multipart().part("file").filename();
                if (name.startsWith("denied")) {
                    // providers do echo keys back in error messages
                    return Response.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + Harness.KEY
                            + ". You can find your API key at ...\",\"type\":\"invalid_request_error\","
                            + "\"code\":\"invalid_api_key\"}}");
                }
                if (name.startsWith("flaky") && n.incrementAndGet() == 1) {
                    return Response.json(503, "{\"error\":{\"message\":\"overloaded, key " + Harness.KEY + "\"}}");
                }
                return provider.openAiFile(r);
            });
            Harness h = new Harness(tmp, provider);
            h.drop("fine-tune/ok.jsonl", Harness.chat("{\"ok\":1}\n"));
            h.drop("fine-tune/denied.jsonl", Harness.chat("{\"denied\":1}\n"));
            h.drop("fine-tune/flaky.jsonl", Harness.chat("{\"flaky\":1}\n"));
            h.drop("misc/x.bin", "x");
            ChildJvm.Result r = ChildJvm.run(ChildJvm.projectDir(),
                    Map.of("OPENAI_API_KEY", Harness.KEY, "FILEGATE_LOG_LEVEL", "TRACE", "FILEGATE_CAMEL_LOG_LEVEL", "TRACE"),
                    h.keylessJvmArgs("-Dfilegate.retry.initial-delay-ms=10",
                            // the start-up probe is an authenticated call too, and the management server
                            // (on here although --sync) must not log it either
                            "-Dfilegate.probe.enabled=true", "-Dcamel.management.enabled=true"), "--sync");
            assertEquals(1, r.exitCode(), r.stdout());
            String logs = r.stdout() + r.stderr();
            assertTrue(logs.length() > 50_000, "trace logging really was on (" + logs.length() + " chars)");
            assertTrue(logs.contains("[redacted]"), "the echoed key was replaced, not dropped silently");
            assertEquals(List.of(), logs.lines().filter(l -> l.contains(Harness.KEY)).limit(5).toList(), "key in the logs");
            assertFalse(Files.readString(h.manifest).contains(Harness.KEY), "key in the manifest");
            try (Stream<Path> s = Files.walk(h.inbox)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    assertFalse(Files.readString(p, StandardCharsets.ISO_8859_1).contains(Harness.KEY), "key in " + p);
                }
            }
            assertEquals(3, provider.uploads().stream().filter(q -> "Bearer fg-test-secret-4711".equals(q.header("authorization")))
                    .count() - 1, "the key was really sent (3 files, one retried)");
        }
    }
}
