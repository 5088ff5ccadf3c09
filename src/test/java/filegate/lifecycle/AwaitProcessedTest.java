package filegate.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.EndToEnd;
import filegate.support.FakeProvider;
import filegate.support.FakeProvider.Request;
import filegate.support.FakeProvider.Response;
import filegate.support.Harness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code await-processed}: after the upload Filegate polls {@code GET /files/{id}} on a real local server
 * until the file is processed or fails, records the verdict, and only then archives the file.
 */
class AwaitProcessedTest extends EndToEnd {
    /** File id → polls answered so far. */
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();

    @BeforeEach
    void awaitProcessing() {
        h.set("filegate.providers.openai.await-processed", "true");
        h.set("filegate.await-processed.initial-delay-ms", "50");
        h.set("filegate.await-processed.max-delay-ms", "200");
    }

    /** Uploads answer status "uploaded"; a poll answers what {@code status} says for that file and poll. */
    private Function<Request, Response> processing(java.util.function.BiFunction<FakeProvider.Stored, Integer, String> status) {
        return r -> {
            if (r.method().equals("POST")) {
                return Response.json(200, FakeProvider.fileJson(provider.store(r)).body()
                        .replace("\"status\":\"processed\"", "\"status\":\"uploaded\""));
            }
            if (r.method().equals("GET") && r.path().matches(".*/files/file-\\d+")) {
                Response file = provider.oneFile(r);
                if (file.status() != 200) {
                    return file;
                }
                String id = r.path().substring(r.path().lastIndexOf('/') + 1);
                FakeProvider.Stored s = provider.stored().stream().filter(x -> x.id().equals(id)).findFirst().get();
                int n = polls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                String[] st = status.apply(s, n).split("\\|", 2);
                return Response.json(200, file.body().replace("\"status\":\"processed\"", "\"status\":\"" + st[0] + "\"")
                        .replace("\"status_details\":null", st.length > 1 ? "\"status_details\":\"" + st[1] + "\""
                                : "\"status_details\":null"));
            }
            return provider.openAiFile(r);
        };
    }

    private Path done(String rel) {
        return h.inbox.resolve(".done").resolve(LocalDate.now(ZoneOffset.UTC).toString()).resolve(rel);
    }

    private List<Path> held() throws Exception {
        Path dir = h.inbox.resolve(".processing");
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void a_file_that_turns_error_after_two_polls_goes_to_failed_with_the_providers_reason_and_sync_exits_1()
            throws Exception {
        String reason = "Invalid file format for Fine-tuning API. Must be .jsonl";
        provider.answer(processing((s, n) -> s.filename().equals("bad.jsonl")
                ? (n <= 2 ? "uploaded" : "error|" + reason) : (n < 2 ? "uploaded" : "processed")));
        h.drop("fine-tune/good.jsonl", Harness.chat("good"));
        h.drop("fine-tune/bad.jsonl", Harness.chat("bad"));

        Harness.Run run = h.syncCapturing();

        assertEquals(1, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().contains("processing: 1 processed, 1 failed, 0 still open"), run.stdout());
        assertTrue(run.stderr().contains("processing failed: " + h.inbox + "/fine-tune/bad.jsonl -> openai"),
                run.stderr());
        List<JsonNode> uploaded = h.manifestLines("uploaded");
        assertEquals(2, uploaded.size());
        uploaded.forEach(u -> assertTrue(u.path("await_processed").asBoolean(), u.toString()));

        JsonNode ok = h.manifestLines("processed").get(0);
        assertEquals("processed", ok.path("status").asText());
        assertTrue(ok.path("source").asText().endsWith("good.jsonl"), ok.toString());
        JsonNode failed = h.manifestLines("processing_failed").get(0);
        assertTrue(failed.path("source").asText().endsWith("bad.jsonl"), failed.toString());
        assertEquals("processing_failed", failed.path("error").path("code").asText());
        assertEquals(reason, failed.path("error").path("message").asText());
        assertEquals("error", failed.path("error").path("status").asText());
        String badId = failed.path("file_id").asText();
        assertEquals(3, polls.get(badId).get(), "uploaded, uploaded, error: three polls");

        assertTrue(Files.exists(done("fine-tune/good.jsonl")));
        Path bad = h.inbox.resolve(".failed/fine-tune/bad.jsonl");
        assertTrue(Files.exists(bad));
        JsonNode report = Harness.json(bad.resolveSibling("bad.jsonl.error.json"));
        assertEquals(reason, report.path("providers").get(0).path("error").path("message").asText(), report.toString());
        assertEquals("processing_failed", report.path("providers").get(0).path("outcome").asText());
        assertEquals(List.of(), held());
        // every poll carried the upload's own credentials
        provider.requests().stream().filter(r -> r.method().equals("GET"))
                .forEach(r -> assertEquals("Bearer " + Harness.KEY, r.header("Authorization")));
    }

    @Test
    void a_file_deleted_at_the_provider_before_it_was_processed_fails_as_gone() throws Exception {
        Function<Request, Response> uploads = processing((s, n) -> "uploaded");
        provider.answer(r -> r.method().equals("GET") && r.path().matches(".*/files/file-\\d+")
                ? Response.json(404, "{\"error\":{\"message\":\"No such File object\"}}") : uploads.apply(r));
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));

        assertEquals(1, h.sync());

        JsonNode failed = h.manifestLines("processing_failed").get(0);
        assertEquals("file_gone", failed.path("error").path("code").asText(), failed.toString());
        assertTrue(Files.exists(h.inbox.resolve(".failed/fine-tune/a.jsonl")));
        assertTrue(Files.exists(h.inbox.resolve(".failed/fine-tune/a.jsonl.error.json")));
    }

    @Test
    void a_check_left_open_by_a_stopped_run_is_found_again_from_the_manifest() throws Exception {
        provider.answer(processing((s, n) -> "uploaded"));
        h.watch();
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));
        // held and asked about once at least; the assertions below say which of the two did not happen
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> !held().isEmpty() && !polls.isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // fall through to the assertion, which names what is missing
        }
        assertEquals(List.of(h.inbox.resolve(".processing/fine-tune/a.jsonl")), held(), "held, not in .done/");
        h.close();
        assertEquals(List.of(), h.manifestLines("processed"));
        assertEquals(List.of(), h.manifestLines("processing_failed"));

        // the provider has processed it meanwhile; a new run with nothing in the inbox asks again
        provider.answer(processing((s, n) -> "processed"));
        Harness.Run run = h.syncCapturing();

        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().contains("processing: 1 processed, 0 failed"), run.stdout());
        assertEquals(1, h.manifestLines("processed").size());
        assertEquals(1, provider.uploads().size(), "not sent again");
        assertTrue(Files.exists(done("fine-tune/a.jsonl")));
        assertEquals(List.of(), held());
    }

    @Test
    void a_file_never_processed_fails_as_a_timeout_once_the_sync_has_waited_that_long() throws Exception {
        provider.answer(processing((s, n) -> "uploaded"));
        h.set("filegate.await-processed.timeout-seconds", "1");
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));

        assertEquals(1, h.sync());

        JsonNode failed = h.manifestLines("processing_failed").get(0);
        assertEquals("processing_timeout", failed.path("error").path("code").asText(), failed.toString());
        assertTrue(Files.exists(h.inbox.resolve(".failed/fine-tune/a.jsonl")));
        assertFalse(polls.isEmpty());
    }

    @Test
    void a_rule_can_ask_for_its_files_alone_to_wait() throws Exception {
        h.props.remove("filegate.providers.openai.await-processed");
        h.set("filegate.rules[0].match", "**/golden/*.jsonl");
        h.set("filegate.rules[0].name", "golden");
        h.set("filegate.rules[0].purpose", "fine-tune");
        h.set("filegate.rules[0].await-processed", "true");
        provider.answer(processing((s, n) -> n < 2 ? "uploaded" : "processed"));
        h.drop("golden/a.jsonl", Harness.chat("a"));
        h.drop("fine-tune/b.jsonl", Harness.chat("b"));

        assertEquals(0, h.sync());

        List<JsonNode> uploaded = h.manifestLines("uploaded");
        JsonNode golden = uploaded.stream().filter(u -> u.path("rule").asText().equals("golden")).findFirst().get();
        JsonNode other = uploaded.stream().filter(u -> !u.path("rule").asText().equals("golden")).findFirst().get();
        assertTrue(golden.path("await_processed").asBoolean(), golden.toString());
        assertTrue(other.path("await_processed").isMissingNode(), other.toString());
        assertEquals(1, h.manifestLines("processed").size());
        assertEquals(golden.path("file_id").asText(), h.manifestLines("processed").get(0).path("file_id").asText());
        assertEquals(1, polls.size(), "only the rule's file is polled");
        assertTrue(Files.exists(done("golden/a.jsonl")));
        assertTrue(Files.exists(done("fine-tune/b.jsonl")));
    }

    @Test
    void a_provider_that_cannot_report_processing_is_a_start_up_error() {
        h.set("filegate.providers.vaero.type", "vaero");
        h.set("filegate.providers.vaero.base-url", provider.baseUrl());
        h.set("filegate.providers.vaero.api-key", "k");
        h.set("filegate.providers.vaero.await-processed", "true");
        h.set("filegate.provider", "vaero");
        Harness.Run run = h.syncCapturing();
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().contains("filegate.providers.vaero.await-processed=true is not possible"), run.stderr());
    }
}
