package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.EndToEnd;
import filegate.support.FakeProvider;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;

/** Validation inside the real pipeline: a bad file is reported line by line and never sent. */
class ValidationEndToEndTest extends EndToEnd {
    private static String badBatch() {
        return Harness.batchLine("req-1")
                + Harness.batchLine("req-2").replace("/v1/chat/completions", "/v1/embeddings")
                + Harness.batchLine("req-1");
    }

    @Test
    void invalid_batch_file_is_rejected_with_line_numbers_and_never_sent() {
        h.drop("batch/requests.jsonl", badBatch());
        h.drop("fine-tune/zip-in-disguise.jsonl", new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0});
        h.drop("fine-tune/good.jsonl", Harness.chat("good"));
        assertEquals(1, h.sync());
        assertEquals(1, provider.uploads().size(), "only the valid file reaches the provider");
        assertEquals("good.jsonl", provider.uploads().get(0).multipart().part("file").filename());

        JsonNode rejected = h.manifestLines("rejected").stream()
                .filter(l -> l.get("source").asText().endsWith("batch/requests.jsonl")).findFirst().orElseThrow();
        assertEquals("URL_MIXED", rejected.get("error").get("code").asText());
        assertEquals(1, rejected.get("error").get("counts").get("URL_MIXED").asInt());
        assertEquals(1, rejected.get("error").get("counts").get("DUPLICATE_CUSTOM_ID").asInt());
        assertTrue(rejected.get("error").get("message").asText().startsWith("2 problems"), rejected.toString());
        assertTrue(rejected.get("sha256").asText().matches("[0-9a-f]{64}"));

        Path errors = h.inbox.resolve(".failed/batch/requests.jsonl.errors.json");
        JsonNode report = Harness.json(errors).get("reports").get(0);
        assertEquals("openai", report.get("provider").asText());
        assertEquals("batch", report.get("format").asText());
        assertEquals(2, report.get("problems").get(0).get("line").asInt());
        assertEquals("URL_MIXED", report.get("problems").get(0).get("code").asText());
        assertEquals(3, report.get("problems").get(1).get("line").asInt());
        assertEquals("DUPLICATE_CUSTOM_ID", report.get("problems").get(1).get("code").asText());
        assertEquals("default:purpose-folder", Harness.json(errors).get("rule").asText());
        assertTrue(Files.exists(h.inbox.resolve(".failed/batch/requests.jsonl")));
        assertTrue(Files.exists(h.inbox.resolve(".failed/batch/requests.jsonl.error.json")));

        JsonNode disguised = h.manifestLines("rejected").stream()
                .filter(l -> l.get("source").asText().endsWith("zip-in-disguise.jsonl")).findFirst().orElseThrow();
        assertEquals("CONTENT_TYPE_MISMATCH", disguised.get("error").get("code").asText(), disguised.toString());
    }

    @Test
    void dry_run_shows_validation_verdicts() {
        h.drop("batch/requests.jsonl", badBatch());
        h.drop("fine-tune/good.jsonl", Harness.chat("good"));
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = new FilegateApp(List.of("--dry-run"), h.props).run();
        } finally {
            System.setOut(old);
        }
        String plan = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, plan);
        assertTrue(plan.lines().anyMatch(l -> l.contains("batch/requests.jsonl") && l.contains("rejected: the file does"
                + " not pass openai's checks")), plan);
        assertTrue(plan.lines().anyMatch(l -> l.contains("fine-tune/good.jsonl") && l.endsWith("upload")), plan);
        assertEquals(0, provider.requests().size());
    }

    @Test
    void malformed_tool_calls_and_wrong_preference_shapes_are_rejected_with_their_lines_and_never_sent() throws Exception {
        Path fixtures = Path.of("src/test/resources/validation/bad");
        h.drop("fine-tune/tools.jsonl", Files.readAllBytes(fixtures.resolve("openai-tool-calls.jsonl")));
        h.drop("fine-tune/pairs.jsonl", Files.readAllBytes(fixtures.resolve("openai-preference-shape.jsonl")));
        h.drop("fine-tune/good.jsonl", Harness.chat("good"));

        assertEquals(1, h.sync());

        assertEquals(1, provider.requests().size(), "only the good file is sent");
        JsonNode tools = Harness.json(h.inbox.resolve(".failed/fine-tune/tools.jsonl.errors.json"));
        List<String> toolProblems = new java.util.ArrayList<>();
        tools.path("reports").get(0).path("problems").forEach(p -> toolProblems.add(p.path("code").asText() + "@"
                + p.path("line").asInt()));
        assertTrue(toolProblems.contains("TOOL_CALLS_INVALID@2"), toolProblems.toString());
        assertTrue(toolProblems.contains("TOOL_MESSAGE_INVALID@5"), toolProblems.toString());
        JsonNode pairs = Harness.json(h.inbox.resolve(".failed/fine-tune/pairs.jsonl.errors.json"));
        List<String> pairProblems = new java.util.ArrayList<>();
        pairs.path("reports").get(0).path("problems").forEach(p -> pairProblems.add(p.path("code").asText() + "@"
                + p.path("line").asInt()));
        assertEquals(List.of("INPUT_ENDS_WITH_ASSISTANT@2", "PREFERENCE_OUTPUT_INVALID@3", "PREFERENCE_OUTPUT_INVALID@4"),
                pairProblems);
    }
}
