package filegate.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.FakeProvider;
import filegate.support.FakeProvider.Response;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;

/** server.ai: {@code POST {base}/v1/files} on the customer's own base URL; key optional; expires_at may be null. */
class ImpalaProfileTest extends ProfileTestBase {
    static final String KEY = "fg-test-impala-77";

    @Override
    FakeProvider provider() throws Exception {
        return new FakeProvider().answer(FakeProvider.documented(200, "impala-file.json"));
    }

    @Override
    Harness harness(Path tmp, FakeProvider server) throws Exception {
        return new Harness(tmp, null)
                .set("filegate.provider", "impala")
                // the customer's base URL is the server root: the profile adds /v1/files
                .set("filegate.providers.impala.base-url", server.root());
    }

    @Test
    void without_a_key_no_credentials_are_sent_and_a_null_expires_at_is_left_out() {
        h.drop("batch/requests.jsonl", Harness.batchLine("a"));
        assertEquals(0, h.sync());

        FakeProvider.Request r = server.requests().get(0);
        assertEquals("POST", r.method());
        assertEquals("/v1/files", r.path());
        assertNull(r.query());
        assertNull(r.header("authorization"), "no key configured: no Authorization header");
        assertEquals(List.of("purpose", "file"), r.multipart().names());
        assertEquals("batch", r.multipart().text("purpose"));
        assertEquals("requests.jsonl", r.multipart().part("file").filename());

        JsonNode m = h.manifestLines("uploaded").get(0);
        assertEquals("uploaded", m.get("event").asText());
        assertEquals("impala", m.get("provider").asText());
        assertEquals("file-7f3c2a9e0b1d4c5e", m.get("file_id").asText());
        assertEquals(1761000000L, m.get("created_at").asLong());
        assertFalse(m.has("expires_at"), "expires_at: null means no expiry");
    }

    @Test
    void with_a_key_and_expiry_sends_bearer_and_expires_after_and_records_expires_at() {
        server.answer(FakeProvider.documented(200, "impala-file-expiring.json"));
        h.set("filegate.providers.impala.api-key", KEY)
                .set("filegate.providers.impala.expires-after-seconds", "86400");
        h.drop("fine-tune/train.jsonl", Harness.chat("{\"messages\":[]}\n"));
        assertEquals(0, h.sync());

        FakeProvider.Request r = server.requests().get(0);
        assertEquals("Bearer " + KEY, r.header("authorization"));
        assertEquals(List.of("purpose", "expires_after[anchor]", "expires_after[seconds]", "file"),
                r.multipart().names());
        assertEquals("fine-tune", r.multipart().text("purpose"));
        assertEquals("created_at", r.multipart().text("expires_after[anchor]"));
        assertEquals("86400", r.multipart().text("expires_after[seconds]"));
        assertEquals(1761086400L, h.manifestLines("uploaded").get(0).get("expires_at").asLong());
    }

    @Test
    void a_fastapi_validation_error_surfaces_in_the_sidecar() {
        server.answer(r -> Response.json(422, "{\"detail\":[{\"loc\":[\"body\",\"purpose\"],"
                + "\"msg\":\"Input should be 'assistants', 'batch', 'fine-tune', 'vision', 'user_data' or 'evals'\","
                + "\"type\":\"enum\"}]}"));
        h.drop("fine-tune/train.jsonl", Harness.chat("{}\n"));
        assertEquals(1, h.sync());
        JsonNode err = Harness.json(h.inbox.resolve(".failed/fine-tune/train.jsonl.error.json"))
                .get("providers").get(0).get("error");
        assertEquals(422, err.get("http_status").asInt());
        assertTrue(err.get("message").asText().contains("Input should be 'assistants'"), err.toString());
    }
}
