package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.EndToEnd;
import filegate.support.FakeProvider;
import filegate.support.FakeProvider.Response;
import filegate.support.Harness;
import filegate.support.ResetProxy;
import org.junit.jupiter.api.Test;

/**
 * Provider faults against a real local server: every file ends exactly once as uploaded (or failed
 * for a 400), and the server never holds the same file twice.
 */
class ReliabilityTest extends EndToEnd {
    private void assertStoredOnce(String filename) {
        assertEquals(1, provider.stored().stream().filter(s -> s.filename().equals(filename)).count(),
                "the provider must hold " + filename + " exactly once: " + provider.stored());
    }

    private JsonNode onlyUploadedLine() {
        List<JsonNode> up = h.manifestLines("uploaded");
        assertEquals(1, up.size(), h.manifestLines().toString());
        return up.get(0);
    }

    @Test
    void honours_retry_after_on_429_then_uploads_once() {
        AtomicInteger posts = new AtomicInteger();
        provider.answer(r -> r.method().equals("POST") && posts.incrementAndGet() == 1
                ? Response.json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
                        + "\"code\":\"rate_limit_exceeded\"}}").withHeader("Retry-After", "1")
                : provider.openAiFile(r));
        h.drop("fine-tune/a.jsonl", Harness.chat("{\"a\":1}\n"));
        assertEquals(0, h.sync());
        List<FakeProvider.Request> up = provider.uploads();
        assertEquals(2, up.size());
        long waited = up.get(1).receivedAtMillis() - up.get(0).receivedAtMillis();
        assertTrue(waited >= 1000, "Retry-After: 1 must be honoured, waited " + waited + " ms");
        assertStoredOnce("a.jsonl");
        assertEquals(2, onlyUploadedLine().get("attempts").asInt());
        assertTrue(provider.requests().stream().noneMatch(r -> r.method().equals("GET")),
                "a 429 is refused before the body is read: nothing to reconcile");
    }

    @Test
    void retries_500_and_503_and_checks_the_file_list_before_resending() {
        AtomicInteger posts = new AtomicInteger();
        provider.answer(r -> {
            if (r.method().equals("POST")) {
                int n = posts.incrementAndGet();
                if (n == 1) {
                    return Response.json(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}");
                }
                if (n == 2) {
                    return new Response(503, "Service Unavailable", java.util.Map.of("Content-Type", "text/plain"));
                }
            }
            return provider.openAiFile(r);
        });
        h.drop("fine-tune/b.jsonl", Harness.chat("{\"b\":1}\n"));
        assertEquals(0, h.sync());
        assertEquals(3, provider.uploads().size());
        assertStoredOnce("b.jsonl");
        JsonNode line = onlyUploadedLine();
        assertEquals(3, line.get("attempts").asInt());
        long lists = provider.requests().stream().filter(r -> r.method().equals("GET")).count();
        assertEquals(2, lists, "a 5xx may have stored the file: the list is checked before each resend");
        FakeProvider.Request list = provider.requests().stream().filter(r -> r.method().equals("GET")).findFirst().get();
        assertEquals("/v1/files", list.path());
        assertTrue(list.query().contains("purpose=fine-tune"), list.query());
        assertEquals("Bearer " + Harness.KEY, list.header("authorization"));
    }

    @Test
    void connection_reset_mid_body_is_retried_and_stored_once() throws Exception {
        try (ResetProxy proxy = new ResetProxy(Integer.parseInt(provider.baseUrl().replaceAll(".*:(\\d+)/v1", "$1")),
                1, 300)) {
            h.set("filegate.providers.openai.base-url", "http://127.0.0.1:" + proxy.port() + "/v1");
            h.drop("fine-tune/c.jsonl", Harness.chat("c" + "x".repeat(2_000)));
            assertEquals(0, h.sync());
            assertEquals(1, proxy.resetsDone());
        }
        assertStoredOnce("c.jsonl");
        assertEquals(2, onlyUploadedLine().get("attempts").asInt());
    }

    @Test
    void response_slower_than_the_timeout_is_found_at_the_provider_not_sent_again() throws Exception {
        CountDownLatch listAsked = new CountDownLatch(1);
        AtomicInteger posts = new AtomicInteger();
        provider.answer(r -> {
            if (r.method().equals("GET")) {
                listAsked.countDown();
                return provider.openAiFile(r);
            }
            FakeProvider.Stored s = provider.store(r);
            if (posts.incrementAndGet() == 1) {
                // the file is stored, but the answer comes only after the client has given up
                try {
                    listAsked.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return FakeProvider.fileJson(s);
        });
        h.set("camel.component.http.response-timeout", "1000");
        h.set("camel.component.http.so-timeout", "1000");
        h.drop("fine-tune/slow.jsonl", Harness.chat("{\"slow\":1}\n"));
        assertEquals(0, h.sync());
        assertEquals(1, provider.uploads().size(), "the file reached the provider: it must not be sent again");
        assertStoredOnce("slow.jsonl");
        JsonNode line = onlyUploadedLine();
        assertTrue(line.get("reconciled").asBoolean(), line.toString());
        assertEquals(provider.stored().get(0).id(), line.get("file_id").asText());
        assertTrue(Files.exists(h.inbox.resolve(".done").resolve(java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                .toString()).resolve("fine-tune/slow.jsonl")));
    }

    @Test
    void bad_request_fails_at_once_and_closes_the_intent() {
        provider.answer(r -> Response.json(400, "{\"error\":{\"message\":\"Invalid purpose\",\"type\":\"invalid_request_error\"}}"));
        h.drop("fine-tune/d.jsonl", Harness.chat("{}\n"));
        assertEquals(1, h.sync());
        assertEquals(1, provider.uploads().size());
        JsonNode failed = h.manifestLines("failed").get(0);
        assertNull(failed.get("ambiguous"));
        JsonNode intent = h.manifestLines("intent").get(0);
        assertEquals(intent.get("attempt").asText(), failed.get("attempt").asText());
    }

    @Test
    void x_should_retry_false_and_insufficient_quota_are_final() {
        provider.answer(r -> r.multipart().part("file").filename().startsWith("q")
                ? Response.json(429, "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\","
                        + "\"code\":\"insufficient_quota\"}}")
                : Response.json(503, "{\"error\":{\"message\":\"no\"}}").withHeader("x-should-retry", "false"));
        h.drop("fine-tune/q.jsonl", Harness.chat("{\"q\":1}\n"));
        h.drop("fine-tune/s.jsonl", Harness.chat("{\"s\":1}\n"));
        assertEquals(1, h.sync());
        assertEquals(2, provider.uploads().size(), "neither may be retried");
        assertTrue(h.manifestLines("failed").stream().anyMatch(l -> l.get("reason").asText().contains("out of quota")));
    }

    @Test
    void intent_is_on_disk_before_the_upload_starts() {
        provider.answer(r -> {
            if (r.method().equals("POST")) {
                List<JsonNode> lines = h.manifestLines();
                // what a crash right now would leave behind
                assertEquals(1, lines.size());
                assertEquals("intent", lines.get(0).get("event").asText());
            }
            return provider.openAiFile(r);
        });
        h.drop("fine-tune/e.jsonl", Harness.chat("{}\n"));
        assertEquals(0, h.sync());
        assertFalse(h.manifestLines("intent").isEmpty());
        assertEquals(h.manifestLines("intent").get(0).get("attempt"), onlyUploadedLine().get("attempt"));
    }

    @Test
    void a_rate_limit_that_says_when_to_come_back_is_a_wait_not_a_failed_attempt() {
        java.util.concurrent.atomic.AtomicInteger posts = new java.util.concurrent.atomic.AtomicInteger();
        provider.answer(r -> r.method().equals("POST") && posts.incrementAndGet() <= 8
                ? Response.json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}")
                        .withHeader("x-ratelimit-reset-requests", "20ms")
                : provider.openAiFile(r));
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));

        assertEquals(0, h.sync(), "eight 429s with a reset time are waits, more than max-attempts (5) allows for failures");

        JsonNode up = h.manifestLines("uploaded").get(0);
        assertEquals(9, up.path("attempts").asInt(), up.toString());
        assertEquals(0, h.manifestLines("failed").size());
    }

    @Test
    void a_file_fails_only_when_its_wait_budget_runs_out_and_says_so() {
        provider.answer(r -> r.method().equals("POST")
                ? Response.json(429, "{\"error\":{\"message\":\"Rate limit reached\"}}").withHeader("retry-after-ms", "400")
                : provider.openAiFile(r));
        h.set("filegate.retry.max-wait-seconds", "1");
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));

        assertEquals(1, h.sync());

        JsonNode failed = h.manifestLines("failed").get(0);
        assertTrue(failed.path("reason").asText().contains("more than filegate.retry.max-wait-seconds (1 s)"),
                failed.toString());
        assertEquals(3, failed.path("attempts").asInt(), "two waits of 400 ms fit in 1 s, the third does not: " + failed);
    }
}
