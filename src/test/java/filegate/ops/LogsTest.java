package filegate.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import filegate.support.ChildJvm;
import filegate.support.FakeProvider;
import filegate.support.FakeProvider.Response;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a log shipper sees: FILEGATE_LOG_FORMAT=json, one object per line, outcome facts as fields. */
class LogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static JsonNode outcome(List<JsonNode> lines, String event) {
        return lines.stream().filter(l -> event.equals(l.path("filegate.event").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + event + " line in " + lines));
    }

    @Test
    void json_logs_are_one_object_per_line_and_outcome_lines_carry_their_facts_as_fields() throws Exception {
        try (FakeProvider provider = new FakeProvider()) {
            provider.answer(r -> r.method().equals("POST") && r.multipart().part("file").filename().startsWith("denied")
                    ? Response.json(400, "{\"error\":{\"message\":\"Invalid file format\",\"code\":\"invalid_file\"}}")
                    : provider.openAiFile(r));
            Harness h = new Harness(tmp, provider);
            h.drop("fine-tune/ok.jsonl", Harness.chat("{\"ok\":1}\n"));
            h.drop("fine-tune/denied.jsonl", Harness.chat("{\"denied\":1}\n"));
            h.drop("batch/notes.txt", "not jsonl");
            ChildJvm.Result r = ChildJvm.run(ChildJvm.projectDir(),
                    Map.of("OPENAI_API_KEY", Harness.KEY, "FILEGATE_LOG_FORMAT", "json", "FILEGATE_INBX", "typo"),
                    h.keylessJvmArgs("-Dfilegate.probe.enabled=true"), "--sync");
            assertEquals(1, r.exitCode(), r.stderr());
            assertTrue(r.stdout().startsWith("filegate sync: 1 uploaded, 0 duplicate, 1 rejected, 1 failed"),
                    "results stay on stdout: " + r.stdout());

            List<JsonNode> lines = new ArrayList<>();
            for (String line : r.stderr().lines().toList()) {
                JsonNode n = JSON.readTree(line); // throws on any line that is not JSON
                assertTrue(n.has("@timestamp") && n.has("log.level") && n.has("message") && n.has("log.logger"), line);
                lines.add(n);
            }

            JsonNode up = outcome(lines, "uploaded");
            assertEquals("openai", up.path("filegate.provider").asText());
            assertEquals("fine-tune", up.path("filegate.purpose").asText());
            assertEquals(h.inbox + "/fine-tune/ok.jsonl", up.path("filegate.source").asText());
            assertEquals("file-1", up.path("filegate.file_id").asText());
            assertTrue(up.path("filegate.duration_ms").asText().matches("\\d+"), up.toString());
            assertTrue(up.path("message").asText().matches("uploaded " + h.inbox + "/fine-tune/ok.jsonl -> openai"
                    + " file-1 \\(purpose fine-tune, " + Harness.chat("{\"ok\":1}\n").length() + " bytes, \\d+ ms, 1 attempt\\(s\\)\\)"),
                    up.toString());

            JsonNode rejected = outcome(lines, "rejected");
            assertEquals("PROVIDER_REFUSES", rejected.path("filegate.error_code").asText());
            assertTrue(rejected.path("message").asText().matches("rejected " + h.inbox + "/batch/notes.txt for openai"
                    + " \\(purpose batch, 9 bytes, \\d+ ms\\): openai takes only jsonl files for purpose 'batch'.*"),
                    rejected.toString());

            JsonNode failed = outcome(lines, "failed");
            assertEquals("invalid_file", failed.path("filegate.error_code").asText());
            assertTrue(failed.path("message").asText().matches("failed " + h.inbox + "/fine-tune/denied.jsonl -> openai"
                    + " \\(purpose fine-tune, " + Harness.chat("{\"denied\":1}\n").length()
                    + " bytes, \\d+ ms, 1 attempt\\(s\\)\\): Invalid file format \\| .+"),
                    failed.toString());

            assertTrue(lines.stream().anyMatch(l -> l.path("log.level").asText().equals("WARN") && l.path("message")
                    .asText().startsWith("environment variable FILEGATE_INBX matches no Filegate setting and is"
                            + " ignored (did you mean FILEGATE_INBOX?)")), r.stderr());
        }
    }

    @Test
    void an_unknown_log_format_is_one_line_and_exit_2() throws Exception {
        ChildJvm.Result r = ChildJvm.run(tmp, Map.of("FILEGATE_LOG_FORMAT", "xml"), List.of(), "--sync");
        assertEquals(2, r.exitCode());
        assertEquals(List.of("filegate: FILEGATE_LOG_FORMAT=xml is not allowed: expected text or json"),
                r.stderr().lines().toList());
    }
}
