package filegate.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.rules.Classification;
import filegate.support.FakeProvider;
import filegate.support.FakeProvider.Response;
import filegate.support.Fixtures;
import filegate.support.Harness;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/** Together: {@code POST /files/upload} with file_name and file_type, its own purpose names and answer keys. */
class TogetherProfileTest extends ProfileTestBase {
    static final String KEY = "fg-test-together-5150";

    @Override
    FakeProvider provider() throws Exception {
        return documented("together-file.json");
    }

    @Override
    Harness harness(Path tmp, FakeProvider server) throws Exception {
        return instance(tmp, server, "together", KEY);
    }

    @Test
    void uploads_fine_tune_jsonl_with_file_name_and_file_type_and_records_processed_and_file_type() {
        String name = "données_日本.jsonl";
        byte[] content = filegate.support.Harness.chat("salut").getBytes(StandardCharsets.UTF_8);
        h.drop("fine-tune/" + name, content);
        assertEquals(0, h.sync());

        assertEquals(1, server.requests().size());
        FakeProvider.Request r = server.requests().get(0);
        assertEquals("POST", r.method());
        assertEquals("/v1/files/upload", r.path());
        assertNull(r.query());
        assertEquals("Bearer " + KEY, r.header("authorization"));
        assertEquals(List.of("purpose", "file_name", "file_type", "file"), r.multipart().names());
        assertEquals("fine-tune", r.multipart().text("purpose"));
        assertEquals(name, r.multipart().text("file_name"));
        assertEquals("jsonl", r.multipart().text("file_type"));
        assertEquals(name, r.multipart().part("file").filename());
        assertArrayEquals(content, r.multipart().part("file").data());
        // RFC 7578 §4.2: the UTF-8 name itself, neither percent-encoded nor as filename*
        String rawBody = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(rawBody.contains("name=\"file\"; filename=\"" + name + "\"\r\n"), "raw UTF-8 filename");
        assertFalse(rawBody.contains("filename*"), "no RFC 5987 filename*");

        JsonNode m = h.manifestLines("uploaded").get(0);
        assertEquals("uploaded", m.get("event").asText());
        assertEquals("together", m.get("provider").asText());
        assertEquals("fine-tune", m.get("purpose").asText());
        assertFalse(m.has("provider_purpose"), "fine-tune is spelled the same at Together");
        assertEquals("file-bf72b951-fa1a-41af-a152-fe385dca0201", m.get("file_id").asText());
        assertEquals(name, m.get("filename").asText(), "recorded as sent");
        assertEquals(1732573871L, m.get("created_at").asLong());
        assertFalse(m.get("processed").asBoolean());
        assertTrue(m.get("processed").isBoolean());
        assertEquals("jsonl", m.get("provider_file_type").asText());
        assertFalse(m.has("expires_at"));
    }

    @Test
    void batch_is_sent_as_batch_api_and_recorded_with_both_spellings() {
        h.drop("batch/requests.jsonl", "{\"custom_id\":\"1\",\"body\":{}}\n");
        assertEquals(0, h.sync());
        FakeProvider.Request r = server.requests().get(0);
        assertEquals("batch-api", r.multipart().text("purpose"));
        assertEquals("jsonl", r.multipart().text("file_type"));
        JsonNode m = h.manifestLines("uploaded").get(0);
        assertEquals("batch", m.get("purpose").asText());
        assertEquals("batch-api", m.get("provider_purpose").asText());
    }

    @Test
    void evals_csv_is_sent_as_eval_with_file_type_csv() throws Exception {
        CamelContext ctx = h.watch();
        Path csv = h.staged("questions.csv", "question,answer\n2+2,4\n".getBytes(StandardCharsets.UTF_8));
        h.ingest(ctx, csv, new Classification("evals", "csv", List.of("together"), null, "test:evals"));
        FakeProvider.Request r = server.requests().get(0);
        assertEquals(List.of("purpose", "file_name", "file_type", "file"), r.multipart().names());
        assertEquals("eval", r.multipart().text("purpose"));
        assertEquals("questions.csv", r.multipart().text("file_name"));
        assertEquals("csv", r.multipart().text("file_type"));
        assertEquals("text/csv", r.multipart().part("file").headers().get("content-type"));
        JsonNode m = h.manifestLines("uploaded").get(0);
        assertEquals("evals", m.get("purpose").asText());
        assertEquals("eval", m.get("provider_purpose").asText());
    }

    @Test
    void error_body_surfaces_in_the_sidecar_and_the_manifest() {
        server.answer(r -> Response.json(400, Fixtures.load("together-error.json")));
        h.drop("fine-tune/bad.jsonl", Harness.chat("{\"text\":1}\n"));
        assertEquals(1, h.sync());
        assertEquals(1, server.requests().size(), "a 400 is not retried");

        JsonNode err = Harness.json(h.inbox.resolve(".failed/fine-tune/bad.jsonl.error.json"))
                .get("providers").get(0).get("error");
        assertEquals(400, err.get("http_status").asInt());
        assertEquals("invalid_request_error", err.get("type").asText());
        assertEquals("invalid_file_format", err.get("code").asText());
        assertEquals("file", err.get("param").asText());
        assertEquals("Invalid file: every line must be a JSON object with a \"messages\" list",
                err.get("message").asText());
        assertEquals(err, h.manifestLines("failed").get(0).get("error"));
    }

    @Test
    void purposes_together_does_not_take_are_rejected_and_never_sent() {
        h.drop("pics/cat.png", Harness.png("cat"));
        h.drop("docs/notes.txt", "hello");
        assertEquals(1, h.sync());
        assertEquals(0, server.requests().size(), "a rejected file never reaches the network");
        List<JsonNode> rejected = h.manifestLines("rejected");
        assertEquals(2, rejected.size());
        for (JsonNode line : rejected) {
            String purpose = line.get("purpose").asText();
            assertEquals("PROVIDER_REFUSES", line.get("error").get("code").asText());
            assertTrue(line.get("reason").asText().startsWith("together does not accept purpose '" + purpose
                    + "' (it takes batch-api (batch), eval (evals), fine-tune)"), line.toString());
        }
        assertTrue(Files.exists(h.inbox.resolve(".failed/pics/cat.png.error.json")));
    }

    @Test
    void file_types_together_does_not_take_for_a_purpose_are_rejected_and_never_sent() throws Exception {
        CamelContext ctx = h.watch();
        h.ingest(ctx, h.staged("train.parquet", new byte[] {'P', 'A', 'R', '1'}),
                new Classification("evals", "parquet", List.of("together"), null, "test:evals"));
        h.ingest(ctx, h.staged("train.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)),
                new Classification("fine-tune", "csv", List.of("together"), null, "test:ft"));
        assertEquals(0, server.requests().size());
        List<JsonNode> rejected = h.manifestLines("rejected");
        assertEquals(2, rejected.size());
        assertEquals("together takes only csv, jsonl files for purpose 'evals', not 'parquet';"
                + " change the naming rule or the target provider", rejected.get(0).get("reason").asText());
        assertEquals("together takes only jsonl, parquet files for purpose 'fine-tune', not 'csv';"
                + " change the naming rule or the target provider", rejected.get(1).get("reason").asText());
    }
}
