package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.EndToEnd;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;

/**
 * Every file gets the purpose its folder or rule names, in the target provider's own word, or a clear
 * refusal: never a catch-all rule's purpose instead, and never a run stopped by one file.
 */
class PurposesTest extends EndToEnd {
    private static final String PROVIDER_REGEX = "regex:^(?<provider>[a-z]+)/(?<purpose>[a-z_-]+)/.*$";

    private Map<String, JsonNode> plan(String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--dry-run", "--json"));
        args.addAll(List.of(extra));
        Harness.Run run = h.runCapturing(args);
        Map<String, JsonNode> rows = new java.util.TreeMap<>();
        for (String line : run.stdout().lines().toList()) {
            JsonNode n = Harness.JSON.readTree(line);
            rows.put(n.path("source").asText().substring(h.inbox.toString().length() + 1), n);
        }
        return rows;
    }

    @Test
    void a_drop_folder_laid_out_for_together_is_planned_with_togethers_purposes() throws Exception {
        h.set("filegate.provider", "together").set("filegate.providers.together.base-url", provider.baseUrl());
        h.drop("fine-tune/a.jsonl", Harness.chat("ft"));
        h.drop("eval/b.jsonl", Harness.chat("eval"));
        h.drop("batch-api/c.jsonl", Harness.batchLine("b"));
        h.drop("evals/d.jsonl", Harness.chat("evals"));

        Map<String, JsonNode> rows = plan();

        assertEquals("fine-tune", rows.get("fine-tune/a.jsonl").path("purpose").asText());
        for (String evalFile : List.of("eval/b.jsonl", "evals/d.jsonl")) {
            JsonNode r = rows.get(evalFile);
            assertEquals("default:purpose-folder", r.path("rule").asText(), r.toString());
            assertEquals("evals", r.path("purpose").asText(), r.toString());
            assertEquals("eval", r.path("provider_purpose").asText(), "Together's own word: " + r);
        }
        JsonNode batch = rows.get("batch-api/c.jsonl");
        assertEquals("batch", batch.path("purpose").asText(), batch.toString());
        assertEquals("batch-api", batch.path("provider_purpose").asText(), batch.toString());
    }

    @Test
    void together_receives_its_own_words_on_the_wire() {
        h.set("filegate.provider", "together").set("filegate.providers.together.base-url", provider.baseUrl())
                .set("filegate.providers.together.api-key", Harness.KEY);
        h.drop("evals/d.jsonl", Harness.chat("evals"));
        h.drop("batch-api/c.jsonl", Harness.batchLine("b"));

        assertEquals(0, h.sync());

        assertEquals(List.of("batch-api", "eval"), provider.requests().stream()
                .map(r -> r.multipart().text("purpose")).sorted().collect(Collectors.toList()));
    }

    @Test
    void a_regex_purpose_no_provider_takes_is_rejected_listing_what_it_takes_not_sent_as_fine_tune() throws Exception {
        h.set("filegate.rules[0].match", PROVIDER_REGEX);
        h.drop("openai/weird/a.jsonl", Harness.chat("w"));

        JsonNode row = plan().get("openai/weird/a.jsonl");
        assertEquals("rejected", row.path("verdict").asText(), row.toString());
        assertEquals("rule-0", row.path("rule").asText(), "never the catch-all default:jsonl: " + row);
        assertTrue(row.path("reason").asText().contains("does not accept purpose 'weird' (it takes assistants, batch,"
                + " evals, fine-tune, user_data, vision)"), row.toString());

        assertEquals(1, h.sync());
        assertEquals(0, provider.requests().size());
        assertTrue(Files.exists(h.inbox.resolve(".failed/openai/weird/a.jsonl.error.json")));
    }

    @Test
    void a_folder_naming_a_purpose_the_provider_lacks_is_rejected_in_its_words() throws Exception {
        h.set("filegate.provider", "together").set("filegate.providers.together.base-url", provider.baseUrl());
        h.drop("assistants/notes.jsonl", Harness.chat("a"));

        JsonNode row = plan().get("assistants/notes.jsonl");

        assertEquals("rejected", row.path("verdict").asText(), row.toString());
        assertTrue(row.path("reason").asText().contains("(it takes batch-api (batch), eval (evals), fine-tune)"),
                row.toString());
    }

    @Test
    void a_rule_naming_a_provider_that_is_not_configured_refuses_that_file_and_the_run_goes_on() throws Exception {
        h.set("filegate.rules[0].match", PROVIDER_REGEX);
        h.drop("nosuch/fine-tune/a.jsonl", Harness.chat("n"));
        h.drop("openai/fine-tune/b.jsonl", Harness.chat("o"));

        Harness.Run dry = h.runCapturing(List.of("--dry-run"));
        assertEquals(1, dry.exitCode(), dry.stdout() + dry.stderr());
        assertTrue(dry.stdout().contains("provider 'nosuch', which is not configured (configured: openai)"), dry.stdout());
        assertTrue(dry.stdout().lines().anyMatch(l -> l.contains("openai/fine-tune/b.jsonl") && l.contains("upload")),
                dry.stdout());
        assertFalse(dry.stderr().contains("Exception"), dry.stderr());

        Harness.Run sync = h.syncCapturing();
        assertEquals(1, sync.exitCode(), sync.stdout() + sync.stderr());
        assertFalse(sync.stderr().contains("Exception"), sync.stderr());
        assertEquals(1, provider.requests().size());
        JsonNode refused = h.manifestLines("unmatched").get(0);
        assertEquals("PROVIDER_NOT_CONFIGURED", refused.path("error").path("code").asText(), refused.toString());
        assertTrue(Files.exists(h.inbox.resolve("nosuch/fine-tune/a.jsonl")), "the file stays where it is");
    }
}
