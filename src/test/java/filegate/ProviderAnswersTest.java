package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import filegate.support.ChildJvm;
import filegate.support.EndToEnd;
import filegate.support.FakeProvider;
import filegate.support.FakeProvider.Response;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;

/**
 * Providers that misbehave: answers far too large, redirects, answers that never come, and a worker that
 * dies of an Error. Real local servers; the memory cases in a child JVM with a small heap.
 */
class ProviderAnswersTest extends EndToEnd {

    /** A provider that answers every upload with 200 and an endless body, counting what it managed to write. */
    private static final class Flood implements AutoCloseable {
        final HttpServer server;
        final AtomicLong written = new AtomicLong();

        Flood(boolean declareLength) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", ex -> answer(ex, declareLength));
            server.start();
        }

        private void answer(HttpExchange ex, boolean declareLength) throws IOException {
            ex.getRequestBody().readAllBytes();
            long total = 200L << 20;
            byte[] block = new byte[64 << 10];
            java.util.Arrays.fill(block, (byte) ' ');
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, declareLength ? total : 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write('{');
                for (long sent = 1; sent < total; sent += block.length) {
                    out.write(block);
                    written.addAndGet(block.length);
                }
            } catch (IOException clientWentAway) {
                // what we want: Filegate stopped reading
            }
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void an_endless_200_answer_fails_the_attempt_as_too_large_and_ambiguous_within_a_small_heap() throws Exception {
        try (Flood flood = new Flood(false)) {
            h.set("filegate.providers.openai.base-url", flood.baseUrl());
            h.set("filegate.retry.max-attempts", "1");
            h.drop("fine-tune/a.jsonl", Harness.chat("a"));

            ChildJvm.Result r = ChildJvm.run(ChildJvm.projectDir(), Map.of("OPENAI_API_KEY", Harness.KEY),
                    h.keylessJvmArgs("-Xmx128m", "-Dfilegate.retry.max-attempts=1",
                            "-Dfilegate.probe.enabled=false"), "--sync");

            assertEquals(1, r.exitCode(), r.stderr());
            JsonNode failed = h.manifestLines("failed").get(0);
            assertTrue(failed.path("error").path("message").asText().startsWith("answer too large: more than 1048576"),
                    failed.toString());
            assertTrue(failed.path("ambiguous").asBoolean(), "a 200 may have stored the file: " + failed);
            assertTrue(flood.written.get() < (64L << 20), "read far more than the cap: " + flood.written.get());
        }
    }

    @Test
    void a_declared_length_over_the_cap_fails_before_any_of_it_is_read() throws Exception {
        try (Flood flood = new Flood(true)) {
            h.set("filegate.providers.openai.base-url", flood.baseUrl());
            h.set("filegate.retry.max-attempts", "1");
            h.drop("fine-tune/a.jsonl", Harness.chat("a"));

            assertEquals(1, h.sync());

            JsonNode failed = h.manifestLines("failed").get(0);
            assertEquals("answer too large: " + (200L << 20) + " bytes", failed.path("error").path("message").asText());
            assertTrue(failed.path("ambiguous").asBoolean(), failed.toString());
        }
    }

    @Test
    void an_unreadable_200_is_recorded_as_ambiguous() {
        provider.answer(r -> r.method().equals("POST") ? Response.json(200, "<html>welcome</html>") : provider.openAiFile(r));
        h.set("filegate.retry.max-attempts", "1");
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));

        assertEquals(1, h.sync());

        JsonNode failed = h.manifestLines("failed").get(0);
        assertTrue(failed.path("reason").asText().contains("may have stored the file anyway"), failed.toString());
        assertTrue(failed.path("ambiguous").asBoolean(), failed.toString());
    }

    @Test
    void a_redirect_names_its_location_and_the_key_never_reaches_the_other_server() throws Exception {
        try (FakeProvider elsewhere = new FakeProvider()) {
            provider.answer(r -> Response.json(307, "").withHeader("Location", elsewhere.baseUrl() + "/files"));
            h.drop("fine-tune/a.jsonl", Harness.chat("a"));

            assertEquals(1, h.sync());

            JsonNode failed = h.manifestLines("failed").get(0);
            String message = failed.path("error").path("message").asText();
            assertTrue(message.contains("Location: " + elsewhere.baseUrl() + "/files"), failed.toString());
            assertTrue(failed.path("reason").asText().contains("filegate.providers.openai.base-url"), failed.toString());
            assertFalse(failed.path("reason").asText().contains("null"), failed.toString());
            assertEquals(List.of(), elsewhere.requests(), "nothing may arrive at the redirect's target");
        }
    }

    @Test
    void attempts_in_the_log_and_in_the_outcome_agree_when_the_provider_never_answers() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        HttpServer silent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        silent.setExecutor(Executors.newCachedThreadPool());
        silent.createContext("/", ex -> {
            seen.add(ex.getRequestMethod()); // never answers: the client's timeout decides
        });
        silent.start();
        try {
            h.drop("fine-tune/a.jsonl", Harness.chat("a"));
            ChildJvm.Result r = ChildJvm.run(ChildJvm.projectDir(), Map.of("OPENAI_API_KEY", Harness.KEY),
                    h.keylessJvmArgs("-Dfilegate.providers.openai.base-url=http://127.0.0.1:"
                                    + silent.getAddress().getPort() + "/v1", "-Dfilegate.probe.enabled=false",
                            "-Dfilegate.retry.max-attempts=3", "-Dfilegate.retry.initial-delay-ms=10",
                            "-Dcamel.component.http.response-timeout=300", "-Dcamel.component.http.so-timeout=300"),
                    "--sync");

            assertEquals(1, r.exitCode(), r.stderr());
            List<String> retries = r.stderr().lines().filter(l -> l.contains("retrying upload of")).toList();
            assertEquals(2, retries.size(), r.stderr());
            assertTrue(retries.get(0).contains("(attempt 2 of 3"), retries.get(0));
            assertTrue(retries.get(1).contains("(attempt 3 of 3"), retries.get(1));
            JsonNode failed = h.manifestLines("failed").get(0);
            assertEquals(3, failed.path("attempts").asInt(), failed.toString());
            assertTrue(r.stderr().contains("3 attempt(s)"), r.stderr());
        } finally {
            silent.stop(0);
        }
    }

    @Test
    void an_error_in_an_upload_thread_ends_the_run_with_exit_2_and_one_line() throws Exception {
        // a file large enough for the native-buffer path, with almost no native memory: the upload thread
        // dies of OutOfMemoryError("Cannot reserve ... direct buffer memory") inside camel-http
        byte[] big = new byte[3 << 20];
        byte[] line = (Harness.chat("x").strip() + "\n").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + line.length <= big.length; i += line.length) {
            System.arraycopy(line, 0, big, i, line.length);
        }
        int used = big.length - big.length % line.length;
        h.drop("fine-tune/big.jsonl", java.util.Arrays.copyOf(big, used));

        ChildJvm.Result r = ChildJvm.run(ChildJvm.projectDir(), Map.of("OPENAI_API_KEY", Harness.KEY),
                h.keylessJvmArgs("-XX:MaxDirectMemorySize=64k", "-Dfilegate.probe.enabled=false"), "--sync");

        assertEquals(2, r.exitCode(), r.stderr());
        List<String> fatal = r.stderr().lines().filter(l -> l.startsWith("filegate: stopping (exit 2)")).toList();
        assertEquals(1, fatal.size(), r.stderr());
        assertTrue(fatal.get(0).contains("OutOfMemoryError"), fatal.get(0));
        assertTrue(Files.exists(h.inbox.resolve("fine-tune/big.jsonl")), "the file stays for the next run");
        assertEquals(List.of(), h.manifestLines("uploaded"));
    }
}
