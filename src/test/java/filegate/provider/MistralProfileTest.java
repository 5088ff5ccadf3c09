package filegate.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.rules.Classification;
import filegate.support.FakeProvider;
import filegate.support.Harness;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/** Mistral: {@code POST /v1/files}, Bearer, purpose fine-tune / batch / ocr; its {@code UploadFileOut} answer. */
class MistralProfileTest extends ProfileTestBase {
    static final String KEY = "fg-test-mistral-7b";

    @Override
    FakeProvider provider() throws Exception {
        return documented("mistral-file.json");
    }

    @Override
    Harness harness(Path tmp, FakeProvider server) throws Exception {
        return instance(tmp, server, "mistral", KEY);
    }

    @Test
    void uploads_batch_input_with_purpose_and_bearer_key() throws Exception {
        CamelContext ctx = h.watch();
        byte[] lines = ("{\"custom_id\": \"0\", \"body\": {\"max_tokens\": 10, \"messages\": [{\"role\": \"user\","
                + " \"content\": \"hi\"}]}}\n").getBytes(StandardCharsets.UTF_8);
        h.ingest(ctx, h.staged("requests.jsonl", lines),
                new Classification("batch", "jsonl", List.of("mistral"), null, "test:batch"));

        assertEquals(1, server.requests().size());
        FakeProvider.Request r = server.requests().get(0);
        assertEquals("POST", r.method());
        assertEquals("/v1/files", r.path());
        assertNull(r.query());
        assertEquals("Bearer " + KEY, r.header("authorization"));
        assertEquals(List.of("purpose", "file"), r.multipart().names());
        assertEquals("batch", r.multipart().text("purpose"));
        assertEquals("requests.jsonl", r.multipart().part("file").filename());
        assertEquals("application/jsonl", r.multipart().part("file").headers().get("content-type"));
        assertArrayEquals(lines, r.multipart().part("file").data());

        JsonNode m = h.manifestLines("uploaded").get(0);
        assertEquals("mistral", m.get("provider").asText());
        assertEquals("batch", m.get("purpose").asText());
        assertEquals("497f6eca-6276-4993-bfeb-53cbbbba6f09", m.get("file_id").asText());
        assertEquals(1716963433L, m.get("created_at").asLong());
        assertEquals("requests.jsonl", m.get("filename").asText());
    }

    @Test
    void a_batch_line_without_custom_id_is_refused_before_sending() throws Exception {
        CamelContext ctx = h.watch();
        h.ingest(ctx, h.staged("bad.jsonl", "{\"body\": {}}\n".getBytes(StandardCharsets.UTF_8)),
                new Classification("batch", "jsonl", List.of("mistral"), null, "test:batch"));
        assertEquals(0, server.requests().size());
        assertTrue(h.manifestLines("uploaded").isEmpty());
    }

    @Test
    void takes_fine_tune_batch_and_ocr_jsonl_only_for_the_first_two_and_lists_unpaged() {
        Provider p = new Provider("mistral", Profiles.byType("mistral").orElseThrow(), "https://api.test/v1",
                KEY, "Authorization", "Bearer", "/files", null, Set.of(200), null, null);
        assertTrue(p.refusal("ocr", "pdf", 1000, null).isEmpty());
        assertTrue(p.refusal("fine-tune", "jsonl", 512_000_000L, null).isEmpty());
        assertFalse(p.refusal("fine-tune", "csv", 10, null).isEmpty());
        assertFalse(p.refusal("fine-tune", "jsonl", 512_000_001L, null).isEmpty());
        assertFalse(p.refusal("user_data", "pdf", 10, null).isEmpty());
        assertEquals("https://api.test/v1/files", p.listUrl("batch", null));
        assertEquals("https://api.test/v1/files/497f", p.retrieveUrl("497f"));
    }
}
