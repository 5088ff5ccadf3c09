package filegate.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.rules.Classification;
import filegate.support.FakeProvider;
import filegate.support.Harness;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/** Vaero: {@code POST /files}, purpose fine-tune only, text or docx files only. */
class VaeroProfileTest extends ProfileTestBase {
    static final String KEY = "fg-test-vaero-2024";

    @Override
    FakeProvider provider() throws Exception {
        return documented("vaero-file.json");
    }

    @Override
    Harness harness(Path tmp, FakeProvider server) throws Exception {
        return instance(tmp, server, "vaero", KEY);
    }

    @Test
    void uploads_text_and_docx_for_fine_tune() throws Exception {
        CamelContext ctx = h.watch();
        byte[] text = "First document.\n***\nSecond document.\n".getBytes(StandardCharsets.UTF_8);
        h.ingest(ctx, h.staged("style.txt", text),
                new Classification("fine-tune", "txt", List.of("vaero"), null, "test:style"));
        h.ingest(ctx, h.staged("letters.docx", Harness.docx("Dear reader")),
                new Classification("fine-tune", "docx", List.of("vaero"), null, "test:style"));

        assertEquals(2, server.requests().size());
        FakeProvider.Request r = server.requests().get(0);
        assertEquals("POST", r.method());
        assertEquals("/v1/files", r.path());
        assertNull(r.query());
        assertEquals("Bearer " + KEY, r.header("authorization"));
        assertEquals(List.of("purpose", "file"), r.multipart().names());
        assertEquals("fine-tune", r.multipart().text("purpose"));
        assertEquals("style.txt", r.multipart().part("file").filename());
        assertEquals("text/plain", r.multipart().part("file").headers().get("content-type"));
        assertArrayEquals(text, r.multipart().part("file").data());
        assertEquals("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                server.requests().get(1).multipart().part("file").headers().get("content-type"));

        JsonNode m = h.manifestLines("uploaded").get(0);
        assertEquals("vaero", m.get("provider").asText());
        assertEquals("fine-tune", m.get("purpose").asText());
        assertEquals("txt", m.get("file_type").asText());
        assertEquals("file-abc123", m.get("file_id").asText());
        assertEquals(1677610602L, m.get("created_at").asLong());
        assertEquals("style.txt", m.get("filename").asText());
        assertFalse(m.has("status"), "Vaero's file object has no status");
        assertEquals(2, h.manifestLines("uploaded").size());
    }

    @Test
    void other_types_and_purposes_are_rejected_and_never_sent() {
        h.drop("fine-tune/train.jsonl", Harness.chat("{}\n"));
        h.drop("docs/notes.txt", "plain text, but a user_data rule");
        assertEquals(1, h.sync());
        assertEquals(0, server.requests().size());
        List<JsonNode> rejected = h.manifestLines("rejected");
        assertEquals(2, rejected.size());
        JsonNode jsonl = rejected.stream().filter(n -> n.get("file_type").asText().equals("jsonl")).findFirst().get();
        JsonNode txt = rejected.stream().filter(n -> n.get("file_type").asText().equals("txt")).findFirst().get();
        assertEquals("vaero takes only docx, txt files for purpose 'fine-tune', not 'jsonl';"
                + " change the naming rule or the target provider", jsonl.get("reason").asText());
        assertEquals("vaero does not accept purpose 'user_data' (it takes fine-tune);"
                + " change the naming rule or the target provider", txt.get("reason").asText());
    }
}
