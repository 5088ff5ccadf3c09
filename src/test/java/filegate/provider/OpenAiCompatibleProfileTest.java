package filegate.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.FakeProvider;
import filegate.support.FakeProvider.Response;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;

/**
 * Any OpenAI-shaped Files API: Azure OpenAI (api-key header, api-version query, 201 Created), LocalAI
 * (RFC 3339 created_at, plain-text errors), a custom path and a raised size limit.
 */
class OpenAiCompatibleProfileTest extends ProfileTestBase {
    static final String KEY = "fg-test-azure-0042";

    @Override
    FakeProvider provider() throws Exception {
        return new FakeProvider();
    }

    @Override
    Harness harness(Path tmp, FakeProvider server) throws Exception {
        return new Harness(tmp, null)
                .set("filegate.provider", "compat")
                .set("filegate.providers.compat.type", "openai-compatible");
    }

    @Test
    void azure_style_api_key_header_api_version_query_and_201_created() {
        server.answer(FakeProvider.documented(201, "azure-file.json"));
        h.set("filegate.providers.compat.base-url", server.root() + "/openai")
                .set("filegate.providers.compat.query", "api-version=2024-10-21")
                .set("filegate.providers.compat.auth-header", "api-key")
                .set("filegate.providers.compat.auth-scheme", "")
                .set("filegate.providers.compat.success-codes", "201")
                .set("filegate.providers.compat.api-key", KEY);
        h.drop("fine-tune/puppy.jsonl", Harness.chat("{\"messages\":[]}\n"));
        assertEquals(0, h.sync());

        FakeProvider.Request r = server.requests().get(0);
        assertEquals("POST", r.method());
        assertEquals("/openai/files", r.path());
        assertEquals("api-version=2024-10-21", r.query());
        assertEquals(KEY, r.header("api-key"), "Azure takes the bare key in api-key");
        assertNull(r.header("authorization"));
        Set<String> allowed = Set.of("host", "content-length", "content-type", "api-key", "connection",
                "user-agent", "accept-encoding", "expect");
        for (String name : r.headers().keySet()) {
            assertTrue(allowed.contains(name), "unexpected header " + name);
        }
        assertEquals(List.of("purpose", "file"), r.multipart().names());
        assertEquals("fine-tune", r.multipart().text("purpose"));

        JsonNode m = h.manifestLines("uploaded").get(0);
        assertEquals("uploaded", m.get("event").asText());
        assertEquals("compat", m.get("provider").asText());
        assertEquals("file-181a1cbdcdcf4677ada87f63a0928099", m.get("file_id").asText());
        assertEquals(1646126127L, m.get("created_at").asLong());
        assertEquals("pending", m.get("status").asText());
    }

    @Test
    void created_at_as_rfc_3339_is_read_and_a_plain_text_error_is_surfaced() {
        server.answer(r -> r.multipart().part("file").filename().equals("again.jsonl")
                ? new Response(400, "File already exists", java.util.Map.of("Content-Type", "text/plain"))
                : FakeProvider.documented(200, "localai-file.json").apply(r));
        h.set("filegate.providers.compat.base-url", server.baseUrl());
        h.drop("fine-tune/first.jsonl", Harness.chat("{\"a\":1}\n"));
        h.drop("fine-tune/again.jsonl", Harness.chat("{\"a\":2}\n"));
        assertEquals(1, h.sync());

        for (FakeProvider.Request r : server.requests()) {
            assertNull(r.header("authorization"), "no key configured: no credentials");
        }
        JsonNode up = h.manifestLines("uploaded").get(0);
        assertEquals(OffsetDateTime.parse("2026-11-21T15:04:05.123456789Z").toEpochSecond(),
                up.get("created_at").asLong());
        JsonNode err = Harness.json(h.inbox.resolve(".failed/fine-tune/again.jsonl.error.json"))
                .get("providers").get(0).get("error");
        assertEquals(400, err.get("http_status").asInt());
        assertEquals("File already exists", err.get("message").asText());
    }

    @Test
    void upload_path_and_max_bytes_are_set_per_instance() {
        server.answer(FakeProvider.documented(200, "openai-file.json"));
        h.set("filegate.providers.compat.base-url", server.root())
                .set("filegate.providers.compat.upload-path", "/api/v2/files")
                .set("filegate.providers.compat.max-bytes", "16");
        h.drop("docs/small.txt", "0123456789abcdef");
        h.drop("docs/large.txt", "0123456789abcdefg");
        assertEquals(1, h.sync());

        assertEquals(1, server.requests().size(), "the file over max-bytes is never sent");
        assertEquals("/api/v2/files", server.requests().get(0).path());
        assertEquals("small.txt", server.requests().get(0).multipart().part("file").filename());
        JsonNode rejected = h.manifestLines("rejected").get(0);
        assertEquals("compat (openai-compatible) takes files of at most 16 bytes (16 B) for purpose 'user_data';"
                + " this one has 17 (17 B). If this server takes larger files, raise"
                + " filegate.providers.compat.max-bytes; change the naming rule or the target provider",
                rejected.get("reason").asText());
    }

    @Test
    void a_2xx_outside_the_success_codes_fails_and_says_the_file_may_exist() {
        server.answer(FakeProvider.documented(200, "openai-file.json"));
        h.set("filegate.providers.compat.base-url", server.baseUrl())
                .set("filegate.providers.compat.success-codes", "201");
        h.drop("fine-tune/train.jsonl", Harness.chat("{}\n"));
        assertEquals(1, h.sync());
        assertEquals(1, server.requests().size(), "not retried: the server may have stored it");
        JsonNode failed = h.manifestLines("failed").get(0);
        assertEquals(200, failed.get("error").get("http_status").asInt());
        assertTrue(failed.get("reason").asText().startsWith("the provider answered 200, which is not among the"
                + " success codes [201] of provider 'compat'; it may have stored the file anyway"), failed.toString());
    }
}
