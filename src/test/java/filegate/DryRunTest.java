package filegate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import filegate.support.EndToEnd;
import filegate.support.FakeProvider;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;

/** {@code --dry-run}: walk, classify and check everything; upload, move and record nothing. */
class DryRunTest extends EndToEnd {
    private Harness.Run dryRun(String... extra) {
        List<String> args = new ArrayList<>(List.of("--dry-run"));
        args.addAll(List.of(extra));
        return h.runCapturing(args);
    }

    private Map<String, byte[]> snapshot() throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(tmp.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    @Test
    void plan_shows_every_decision_and_touches_nothing() throws Exception {
        h.drop("fine-tune/chat.jsonl", Harness.chat("{\"messages\":[]}\n"));
        h.drop("docs/old.pdf", "%PDF-1.4 old");
        // the manifest now knows these bytes: duplicates, not uploads
        assertEquals(0, h.sync());
        int sent = provider.requests().size();
        h.drop("docs/copy-of-old.pdf", "%PDF-1.4 old");
        h.drop("fine-tune/chat.jsonl", Harness.chat("{\"messages\":[]}\n"));
        h.drop("batch/notes.txt", "batch notes");
        h.drop("misc/model.bin", "\u0001");
        Map<String, byte[]> before = snapshot();

        Harness.Run run = dryRun();

        assertEquals(1, run.exitCode(), run.stdout());
        assertEquals(sent, provider.requests().size(), "a dry run sends nothing");
        Map<String, byte[]> after = snapshot();
        assertEquals(before.keySet(), after.keySet(), "a dry run moves and writes nothing");
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));

        String out = run.stdout();
        assertTrue(out.lines().findFirst().orElse("").matches("PATH\\s+RULE\\s+PURPOSE\\s+TYPE\\s+PROVIDER\\s+SIZE\\s+VERDICT"), out);
        assertTrue(out.contains("batch/notes.txt"), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("batch/notes.txt") && l.contains("default:purpose-folder")
                && l.contains("rejected: openai takes only jsonl files for purpose 'batch', not 'txt'")), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("fine-tune/chat.jsonl") && l.contains("fine-tune")
                && l.contains("openai") && l.matches(".*duplicate: already uploaded as file-\\d")), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("misc/model.bin") && l.contains("unmatched: no naming rule")), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("docs/copy-of-old.pdf") && l.contains("duplicate")), out);
        assertTrue(out.contains("plan: 4 file(s); 0 upload(s) of 0 bytes, 2 duplicate, 1 rejected, 1 unmatched"), out);
    }

    @Test
    void json_plan_is_one_object_per_line_and_exit_0_when_all_would_upload() throws Exception {
        h.drop("fine-tune/a.jsonl", Harness.chat("{\"a\":1}\n"));
        h.drop("vision/b.png", Harness.png("b"));
        Harness.Run run = dryRun("--json");
        assertEquals(0, run.exitCode(), run.stdout());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : run.stdout().lines().toList()) {
            rows.add(json.readTree(line));
        }
        assertEquals(2, rows.size(), run.stdout());
        JsonNode a = rows.get(0);
        assertEquals(h.inbox + "/fine-tune/a.jsonl", a.get("source").asText());
        assertEquals("default:purpose-folder", a.get("rule").asText());
        assertEquals("fine-tune", a.get("purpose").asText());
        assertEquals("jsonl", a.get("file_type").asText());
        assertEquals("openai", a.get("provider").asText());
        assertEquals(Harness.chat("{\"a\":1}\n").length(), a.get("bytes").asLong());
        assertEquals("upload", a.get("verdict").asText());
        assertEquals("vision", rows.get(1).get("purpose").asText());
        assertEquals(0, provider.requests().size());
        assertTrue(Files.exists(h.inbox.resolve("fine-tune/a.jsonl")));
        assertTrue(!Files.exists(h.manifest), "a dry run writes no manifest lines");
    }

    @Test
    void dry_run_needs_no_api_key() throws Exception {
        h.props.remove("filegate.providers.openai.api-key");
        h.set("filegate.providers.openai.api-key", "");
        h.drop("fine-tune/a.jsonl", Harness.chat("{}\n"));
        // the key check belongs to real runs; a plan is useful before anyone has a key
        assertEquals(0, dryRun().exitCode());
    }

    @Test
    void json_without_dry_run_is_a_usage_error() {
        assertEquals(2, new FilegateApp(List.of("--json"), Map.of()).run());
        assertEquals(2, new FilegateApp(List.of("--sync", "--dry-run"), Map.of()).run());
    }

    @Test
    void a_rejected_row_shows_its_first_problems_and_points_at_no_file_the_dry_run_did_not_write() {
        StringBuilder bad = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            bad.append("not json ").append(i).append('\n');
        }
        h.drop("fine-tune/bad.jsonl", bad.toString());

        Harness.Run run = dryRun();

        assertEquals(1, run.exitCode(), run.stdout());
        String row = run.stdout().lines().filter(l -> l.contains("bad.jsonl")).findFirst().orElseThrow();
        // five bad lines and too few examples: the first three problems inline, with their lines
        assertTrue(row.contains("| TOO_FEW_EXAMPLES: only 0 examples"), row);
        assertTrue(row.contains("| line 1 INVALID_JSON: not valid JSON at column 5"), row);
        assertTrue(row.contains("| line 2 INVALID_JSON"), row);
        assertFalse(row.contains("| line 3 "), "at most three problems inline: " + row);
        assertTrue(row.contains("| and 3 more"), row);
        assertFalse(run.stdout().contains("errors.json"), "a dry run writes no report: " + run.stdout());

        Harness.Run json = dryRun("--json");
        JsonNode line = Harness.JSON.valueToTree(json.stdout().lines().map(l -> {
            try {
                return Harness.JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).filter(n -> n.path("source").asText().endsWith("bad.jsonl")).findFirst().orElseThrow());
        assertEquals(3, line.path("problems").size(), line.toString());
        assertEquals("INVALID_JSON", line.path("problems").get(1).path("code").asText(), line.toString());
        assertEquals(1, line.path("problems").get(1).path("line").asInt(), line.toString());
        assertEquals(6, line.path("problems_total").asInt(), line.toString());
    }

    @Test
    void a_file_still_being_written_is_listed_as_waiting_not_left_out() throws Exception {
        h.set("filegate.inbox.stable-ms", "60000");
        Path fresh = h.inbox.resolve("fine-tune/fresh.jsonl");
        Files.createDirectories(fresh.getParent());
        Files.writeString(fresh, Harness.chat("fresh"));

        Harness.Run run = dryRun();

        assertEquals(0, run.exitCode(), run.stdout());
        String row = run.stdout().lines().filter(l -> l.contains("fresh.jsonl")).findFirst().orElseThrow(
                () -> new AssertionError("the fresh file is left out: " + run.stdout()));
        assertTrue(row.contains("waiting: still changing"), row);
        assertTrue(run.stdout().contains("1 waiting"), run.stdout());
    }

    @Test
    void the_plan_shows_the_purpose_as_the_provider_will_receive_it() {
        h.set("filegate.provider", "together").set("filegate.providers.together.base-url", provider.baseUrl());
        h.drop("evals/a.jsonl", Harness.chat("eval"));

        Harness.Run run = dryRun();

        String row = run.stdout().lines().filter(l -> l.contains("evals/a.jsonl")).findFirst().orElseThrow();
        assertTrue(row.contains("evals → eval"), row);
    }
}
