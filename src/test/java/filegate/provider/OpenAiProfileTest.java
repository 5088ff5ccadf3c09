package filegate.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.rules.Classification;
import filegate.support.FakeProvider;
import filegate.support.Harness;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/** OpenAI: {@code POST /files} with purpose and optional expires_after; its documented file object. */
class OpenAiProfileTest extends ProfileTestBase {
    @Override
    FakeProvider provider() throws Exception {
        return new FakeProvider().answer(FakeProvider.documented(200, "openai-file.json"));
    }

    @Override
    Harness harness(Path tmp, FakeProvider server) throws Exception {
        return new Harness(tmp, server);
    }

    @Test
    void uploads_with_purpose_and_provider_default_expiry_and_records_expires_at() {
        h.set("filegate.providers.openai.expires-after-seconds", "86400");
        byte[] content = filegate.support.Harness.chat("train").getBytes(StandardCharsets.UTF_8);
        h.drop("fine-tune/train.jsonl", content);
        assertEquals(0, h.sync());

        FakeProvider.Request r = server.requests().get(0);
        assertEquals("POST", r.method());
        assertEquals("/v1/files", r.path());
        assertNull(r.query());
        assertEquals("Bearer " + Harness.KEY, r.header("authorization"));
        assertEquals(List.of("purpose", "expires_after[anchor]", "expires_after[seconds]", "file"),
                r.multipart().names());
        assertEquals("fine-tune", r.multipart().text("purpose"));
        assertEquals("created_at", r.multipart().text("expires_after[anchor]"));
        assertEquals("86400", r.multipart().text("expires_after[seconds]"));
        assertEquals("train.jsonl", r.multipart().part("file").filename());
        assertEquals("application/jsonl", r.multipart().part("file").headers().get("content-type"));
        assertArrayEquals(content, r.multipart().part("file").data());

        JsonNode m = h.manifestLines("uploaded").get(0);
        assertEquals("uploaded", m.get("event").asText());
        assertEquals("openai", m.get("provider").asText());
        assertEquals("file-abc123", m.get("file_id").asText());
        assertEquals(1677610602L, m.get("created_at").asLong());
        assertEquals(1680202602L, m.get("expires_at").asLong());
        assertEquals("uploaded", m.get("status").asText());
    }

    @Test
    void a_rule_expiry_wins_over_the_provider_default() throws Exception {
        h.set("filegate.providers.openai.expires-after-seconds", "86400");
        CamelContext ctx = h.watch();
        h.ingest(ctx, h.staged("requests.jsonl", Harness.batchLine("r1").getBytes(StandardCharsets.UTF_8)),
                new Classification("batch", "jsonl", List.of("openai"), 7200L, "test:batch"));
        FakeProvider.Request r = server.requests().get(0);
        assertEquals("batch", r.multipart().text("purpose"));
        assertEquals("7200", r.multipart().text("expires_after[seconds]"));
    }

    @Test
    void without_an_expiry_only_purpose_and_file_are_sent() {
        h.drop("docs/report.pdf", "%PDF-1.4");
        assertEquals(0, h.sync());
        FakeProvider.Request r = server.requests().get(0);
        assertEquals(List.of("purpose", "file"), r.multipart().names());
        assertEquals("user_data", r.multipart().text("purpose"));
    }

    @Test
    void fine_tune_and_batch_take_only_jsonl() throws Exception {
        CamelContext ctx = h.watch();
        h.ingest(ctx, h.staged("train.csv", "a,b\n".getBytes(StandardCharsets.UTF_8)),
                new Classification("fine-tune", "csv", List.of("openai"), null, "test:ft"));
        h.ingest(ctx, h.staged("notes.txt", "x".getBytes(StandardCharsets.UTF_8)),
                new Classification("batch", "txt", List.of("openai"), null, "test:batch"));
        assertEquals(0, server.requests().size());
        List<JsonNode> rejected = h.manifestLines("rejected");
        assertTrue(rejected.get(0).get("reason").asText()
                .startsWith("openai takes only jsonl files for purpose 'fine-tune', not 'csv'"), rejected.toString());
        assertTrue(rejected.get(1).get("reason").asText()
                .startsWith("openai takes only jsonl files for purpose 'batch', not 'txt'"), rejected.toString());
    }
}
