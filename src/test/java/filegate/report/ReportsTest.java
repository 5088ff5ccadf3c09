package filegate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.EndToEnd;
import filegate.support.FakeProvider;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;

/**
 * {@code --report orphans}, {@code --report manifest} and {@code --prune}, against a real local server
 * whose list pages hold two files at most.
 */
class ReportsTest extends EndToEnd {

    private Harness.Run run(String... args) {
        return h.runCapturing(List.of(args));
    }

    private void deleteAtProvider(String fileId) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(provider.baseUrl() + "/files/" + fileId)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
    }

    private long requests(String method) {
        return provider.requests().stream().filter(r -> r.method().equals(method)).count();
    }

    @Test
    void report_orphans_pages_through_the_list_and_names_orphans_and_uploads_the_provider_no_longer_has()
            throws Exception {
        provider.maxPage(2);
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));
        h.drop("fine-tune/b.jsonl", Harness.chat("b"));
        h.drop("fine-tune/c.jsonl", Harness.chat("c"));
        assertEquals(0, h.sync());
        long now = System.currentTimeMillis() / 1000;
        // an upload whose answer was lost: a name Filegate sent, made after its first upload, in no manifest line
        FakeProvider.Stored lost = provider.storeExternal("a.jsonl", "fine-tune", 12, now);
        // a person's upload with another tool, and a file from long before this installation
        provider.storeExternal("notes-by-hand.jsonl", "fine-tune", 5, now);
        provider.storeExternal("b.jsonl", "fine-tune", 5, now - 86_400);
        String bId = h.manifestLines("uploaded").stream().filter(u -> u.path("filename").asText().equals("b.jsonl"))
                .findFirst().orElseThrow().path("file_id").asText();
        deleteAtProvider(bId);
        long before = provider.requests().size();

        Harness.Run text = run("--report", "orphans");

        assertEquals(0, text.exitCode(), text.stdout() + text.stderr());
        List<String> lines = text.stdout().lines().toList();
        assertTrue(lines.get(0).startsWith("KIND"), text.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("orphan") && l.contains(lost.id())
                && l.contains("a.jsonl")), text.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("missing") && l.contains(bId)
                && l.contains("deleted at the provider")), text.stdout());
        assertTrue(text.stdout().contains("report: 1 orphan(s), 1 missing, 0 expired"), text.stdout());
        assertTrue(text.stdout().contains("2 not counted"), text.stdout());
        // four files of purpose fine-tune listed two at a time, the next page asked for with after=
        List<FakeProvider.Request> gets = provider.requests().subList((int) before, provider.requests().size());
        assertEquals(3, gets.size(), gets.toString());
        assertTrue(gets.get(1).query().contains("after="), gets.get(1).query());
        gets.forEach(g -> assertEquals("Bearer " + Harness.KEY, g.header("Authorization")));

        Harness.Run json = run("--report", "orphans", "--json");
        List<JsonNode> rows = json.stdout().lines().map(l -> {
            try {
                return Harness.JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertEquals(List.of("orphan", "missing"), rows.stream().map(r -> r.path("kind").asText()).toList());
        assertEquals(lost.id(), rows.get(0).path("file_id").asText());
        assertEquals(0, requests("DELETE") - 1, "a report deletes nothing (the one DELETE is the test's own)");
    }

    @Test
    void prune_orphans_is_dry_by_default_and_with_apply_deletes_and_records_each_deletion() throws Exception {
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));
        assertEquals(0, h.sync());
        FakeProvider.Stored lost = provider.storeExternal("a.jsonl", "fine-tune", 12, System.currentTimeMillis() / 1000);
        FakeProvider.Stored human = provider.storeExternal("by-hand.jsonl", "fine-tune", 5, System.currentTimeMillis() / 1000);

        Harness.Run dry = run("--prune", "orphans");
        assertEquals(0, dry.exitCode(), dry.stderr());
        assertTrue(dry.stdout().contains(lost.id()), dry.stdout());
        assertTrue(dry.stdout().contains("prune: 1 file(s) would be deleted (dry run)"), dry.stdout());
        assertEquals(0, requests("DELETE"));
        assertEquals(List.of(), h.manifestLines("deleted"));

        Harness.Run apply = run("--prune", "orphans", "--apply");
        assertEquals(0, apply.exitCode(), apply.stdout() + apply.stderr());
        assertTrue(apply.stdout().contains("deleted openai " + lost.id() + " (orphan, a.jsonl)"), apply.stdout());
        assertEquals(1, requests("DELETE"));
        JsonNode deleted = h.manifestLines("deleted").get(0);
        assertEquals(lost.id(), deleted.path("file_id").asText());
        assertEquals("openai", deleted.path("provider").asText());
        assertTrue(provider.stored().stream().noneMatch(s -> s.id().equals(lost.id())));
        assertTrue(provider.stored().stream().anyMatch(s -> s.id().equals(human.id())), "a person's file stays");

        Harness.Run after = run("--report", "orphans");
        assertTrue(after.stdout().contains("report: 0 orphan(s), 0 missing, 0 expired"), after.stdout());
    }

    @Test
    void prune_expired_deletes_uploads_past_their_expiry_that_the_provider_still_lists_and_a_404_is_gone()
            throws Exception {
        long past = System.currentTimeMillis() / 1000 - 60;
        provider.answer(r -> r.method().equals("POST") ? FakeProvider.Response.json(200,
                FakeProvider.fileJson(provider.store(r)).body().replace("\"expires_at\":null", "\"expires_at\":" + past))
                : provider.openAiFile(r));
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));
        h.drop("fine-tune/b.jsonl", Harness.chat("b"));
        assertEquals(0, h.sync());

        Harness.Run apply = run("--prune", "expired", "--apply");

        assertEquals(0, apply.exitCode(), apply.stdout() + apply.stderr());
        assertEquals(2, h.manifestLines("deleted").size(), apply.stdout());
        assertEquals(2, requests("DELETE"));
        assertEquals(List.of(), provider.stored());
        // a deletion the provider answers 404 for (someone was faster) is recorded as gone
        assertEquals(0, run("--prune", "expired", "--apply").exitCode());
        assertEquals(2, requests("DELETE"), "nothing listed any more, nothing asked");
    }

    @Test
    void a_deleted_line_counts_as_gone_for_dedup_the_same_bytes_go_again() throws Exception {
        h.drop("fine-tune/a.jsonl", Harness.chat("same"));
        assertEquals(0, h.sync());
        String id = h.manifestLines("uploaded").get(0).path("file_id").asText();
        Files.writeString(h.manifest, "{\"event\":\"deleted\",\"provider\":\"openai\",\"file_id\":\"" + id
                + "\",\"reason\":\"--prune orphans --apply\"}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        h.drop("fine-tune/copy.jsonl", Harness.chat("same"));
        assertEquals(0, h.sync());

        assertEquals(List.of(), h.manifestLines("duplicate"));
        JsonNode again = h.manifestLines("uploaded").get(1);
        assertEquals(id, again.path("replaces").asText(), again.toString());
        assertEquals("deleted", again.path("replaced").asText());
    }

    @Test
    void together_is_listed_in_one_answer_without_paging() throws Exception {
        h.set("filegate.provider", "together");
        h.set("filegate.providers.together.type", "together");
        h.set("filegate.providers.together.base-url", provider.baseUrl());
        h.set("filegate.providers.together.api-key", "tg-test-key");
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));
        assertEquals(0, h.sync());
        FakeProvider.Stored lost = provider.storeExternal("a.jsonl", "fine-tune", 12, System.currentTimeMillis() / 1000);
        int before = provider.requests().size();

        Harness.Run r = run("--report", "orphans", "--json");

        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("\"kind\":\"orphan\",\"provider\":\"together\",\"file_id\":\"" + lost.id() + "\""),
                r.stdout());
        List<FakeProvider.Request> asked = provider.requests().subList(before, provider.requests().size());
        assertEquals(1, asked.size(), "one answer, no pages");
        assertEquals("/v1/files", asked.get(0).path());
        assertEquals(null, asked.get(0).query());
        assertEquals("Bearer tg-test-key", asked.get(0).header("Authorization"));
    }

    @Test
    void report_manifest_gives_one_row_per_source_with_its_latest_outcome_as_table_csv_or_json() throws Exception {
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));
        h.drop("fine-tune/bad.jsonl", "{not json\n");
        assertEquals(1, h.sync());
        h.drop("fine-tune/copy.jsonl", Harness.chat("a"));
        assertEquals(0, h.sync());

        Harness.Run csv = run("--report", "manifest", "--csv");
        assertEquals(0, csv.exitCode(), csv.stderr());
        List<String> lines = csv.stdout().lines().toList();
        assertEquals("source,provider,outcome,file_id,purpose,bytes,sha256,ts", lines.get(0));
        assertEquals(4, lines.size(), csv.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(h.inbox + "/fine-tune/a.jsonl,openai,uploaded,file-1,")),
                csv.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(h.inbox + "/fine-tune/bad.jsonl,openai,rejected,,")),
                csv.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(h.inbox + "/fine-tune/copy.jsonl,openai,duplicate,file-1,")),
                csv.stdout());

        Harness.Run json = run("--report", "manifest", "--json");
        List<String> outcomes = json.stdout().lines().map(l -> {
            try {
                return Harness.JSON.readTree(l).path("outcome").asText();
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).sorted().toList();
        assertEquals(List.of("duplicate", "rejected", "uploaded"), outcomes);

        Harness.Run table = run("--report", "manifest");
        assertTrue(table.stdout().startsWith("SOURCE"), table.stdout());

        Harness.Run none = run("--report", "manifest", "--since", "2999-01-01");
        assertEquals(List.of("SOURCE  PROVIDER  OUTCOME  FILE_ID  PURPOSE  BYTES  SHA256  TS"), none.stdout().lines().toList(),
                "the header alone");
        Harness.Run bad = run("--report", "manifest", "--since", "yesterday");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stderr().contains("--since yesterday is not a date"), bad.stderr());
    }
}
