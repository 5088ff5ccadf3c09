package filegate.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.FakeProvider;
import filegate.support.Harness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One file, several providers: one manifest line per provider, each in that provider's own terms. */
class FanOutTest {
    @TempDir
    Path tmp;
    FakeProvider openai;
    FakeProvider together;
    Harness h;

    @BeforeEach
    void start() throws Exception {
        openai = new FakeProvider().answer(FakeProvider.documented(200, "openai-file.json"));
        together = new FakeProvider().answer(FakeProvider.documented(200, "together-file.json"));
        h = new Harness(tmp, openai)
                .set("filegate.provider", "openai,tg")
                .set("filegate.providers.tg.type", "together")
                .set("filegate.providers.tg.base-url", together.baseUrl())
                .set("filegate.providers.tg.api-key", "fg-test-together-5150");
    }

    @AfterEach
    void stop() {
        openai.close();
        together.close();
    }

    private Map<String, JsonNode> byProvider(List<JsonNode> lines) {
        return lines.stream().collect(Collectors.toMap(n -> n.get("provider").asText(), Function.identity()));
    }

    @Test
    void one_file_to_two_providers_writes_two_lines() {
        h.drop("batch/requests.jsonl", Harness.batchLine("1"));
        assertEquals(0, h.sync());

        assertEquals(1, openai.requests().size());
        assertEquals(1, together.requests().size());
        assertEquals("/v1/files", openai.requests().get(0).path());
        assertEquals("batch", openai.requests().get(0).multipart().text("purpose"));
        assertEquals("/v1/files/upload", together.requests().get(0).path());
        assertEquals("batch-api", together.requests().get(0).multipart().text("purpose"));
        assertEquals("Bearer fg-test-together-5150", together.requests().get(0).header("authorization"));

        // intent lines are the crash-safety protocol's; outcomes are what this test is about
        List<JsonNode> lines = h.manifestLines().stream().filter(l -> !l.get("event").asText().equals("intent")).toList();
        assertEquals(2, lines.size(), lines.toString());
        Map<String, JsonNode> by = byProvider(lines);
        assertEquals("file-abc123", by.get("openai").get("file_id").asText());
        assertEquals("file-bf72b951-fa1a-41af-a152-fe385dca0201", by.get("tg").get("file_id").asText());
        assertEquals("batch-api", by.get("tg").get("provider_purpose").asText());
        assertEquals(by.get("openai").get("sha256"), by.get("tg").get("sha256"));
        Path done = h.inbox.resolve(".done").resolve(LocalDate.now(ZoneOffset.UTC).toString())
                .resolve("batch/requests.jsonl");
        assertTrue(Files.exists(done), "moved once, after both lines");
    }

    @Test
    void a_provider_that_refuses_gets_a_rejected_line_while_the_other_uploads() {
        h.drop("pics/cat.png", Harness.png("cat"));
        assertEquals(1, h.sync());

        assertEquals(1, openai.requests().size());
        assertEquals(0, together.requests().size(), "never sent to the provider that refuses it");
        Map<String, JsonNode> by = byProvider(h.manifestLines().stream()
                .filter(l -> !l.get("event").asText().equals("intent")).toList());
        assertEquals("uploaded", by.get("openai").get("event").asText());
        assertEquals("rejected", by.get("tg").get("event").asText());
        assertTrue(by.get("tg").get("reason").asText().startsWith("tg (together) does not accept purpose 'vision'"),
                by.get("tg").toString());
        JsonNode sidecar = Harness.json(h.inbox.resolve(".failed/pics/cat.png.error.json"));
        assertEquals(2, sidecar.get("providers").size());
    }
}
