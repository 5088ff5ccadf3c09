package filegate.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.rules.Classification;
import filegate.support.FakeProvider;
import filegate.support.Harness;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/**
 * Anthropic's Files API: {@code POST /v1/files} with the file part only (no purpose), {@code x-api-key} and the
 * version and beta headers; its {@code FileMetadata} answer; the cursor-paged list.
 */
class AnthropicProfileTest extends ProfileTestBase {
    static final String KEY = "fg-test-anthropic-0414";

    @Override
    FakeProvider provider() throws Exception {
        return documented("anthropic-file.json");
    }

    @Override
    Harness harness(Path tmp, FakeProvider server) throws Exception {
        return instance(tmp, server, "anthropic", KEY);
    }

    @Test
    void uploads_the_file_alone_with_the_key_and_version_headers() throws Exception {
        CamelContext ctx = h.watch();
        byte[] text = "Quarterly notes.\n".getBytes(StandardCharsets.UTF_8);
        h.ingest(ctx, h.staged("notes.txt", text),
                new Classification("user_data", "txt", List.of("anthropic"), null, "test:docs"));

        assertEquals(1, server.requests().size());
        FakeProvider.Request r = server.requests().get(0);
        assertEquals("POST", r.method());
        assertEquals("/v1/files", r.path());
        assertNull(r.query());
        assertEquals(KEY, r.header("x-api-key"));
        assertNull(r.header("authorization"), "the key goes only in x-api-key");
        assertEquals("2023-06-01", r.header("anthropic-version"));
        assertEquals("files-api-2025-04-14", r.header("anthropic-beta"));
        assertEquals(List.of("file"), r.multipart().names(), "no purpose field");
        assertEquals("notes.txt", r.multipart().part("file").filename());
        assertEquals("text/plain", r.multipart().part("file").headers().get("content-type"));
        assertArrayEquals(text, r.multipart().part("file").data());

        JsonNode m = h.manifestLines("uploaded").get(0);
        assertEquals("anthropic", m.get("provider").asText());
        assertEquals("user_data", m.get("purpose").asText());
        assertEquals("file_011CNha8iCJcU1wXNR6q4V8w", m.get("file_id").asText());
        assertEquals(OffsetDateTime.parse("2025-04-14T12:00:00Z").toEpochSecond(), m.get("created_at").asLong());
        assertEquals("notes.txt", m.get("filename").asText());
        assertEquals("text/plain", m.get("provider_file_type").asText());
        assertFalse(m.has("status"), "Anthropic's file object has no status");
    }

    @Test
    void lists_with_after_id_and_reads_its_pages_and_file_metadata() {
        Provider p = new Provider("anthropic", Profiles.byType("anthropic").orElseThrow(), "https://api.test/v1",
                KEY, "x-api-key", "", "/files", null, Set.of(200), null, null);
        assertEquals("https://api.test/v1/files?limit=1000", p.listUrl("user_data", null));
        assertEquals("https://api.test/v1/files?limit=1000&after_id=file_9", p.listUrl("user_data", "file_9"));
        assertEquals("https://api.test/v1/files?limit=1", p.probeUrl());
        assertEquals("https://api.test/v1/files/file_9", p.retrieveUrl("file_9"));
        assertEquals("x-api-key: <key>", p.authDescription());

        ProviderProfile.ListPage page = p.profile().parseList("{\"data\":[{\"id\":\"file_2\",\"type\":\"file\","
                + "\"filename\":\"a.pdf\",\"mime_type\":\"application/pdf\",\"size_bytes\":12,"
                + "\"created_at\":\"2025-04-15T00:00:00Z\",\"downloadable\":false}],\"has_more\":true,"
                + "\"first_id\":\"file_2\",\"last_id\":\"file_2\"}");
        assertEquals(true, page.hasMore());
        assertEquals("file_2", page.lastId());
        FileRecord f = page.files().get(0);
        assertEquals(12L, f.bytes());
        assertEquals("a.pdf", f.filename());
        assertEquals("application/pdf", f.providerFileType());
        assertEquals(OffsetDateTime.parse("2025-04-15T00:00:00Z").toEpochSecond(), f.createdAt());
    }

    @Test
    void takes_any_type_up_to_500_mb_for_the_purposes_used_in_messages() {
        Provider p = new Provider("anthropic", Profiles.byType("anthropic").orElseThrow(), "https://api.test/v1",
                KEY, "x-api-key", "", "/files", null, Set.of(200), null, null);
        assertEquals(List.of(), p.refusal("user_data", "csv", 500_000_000L, null).stream().toList());
        assertEquals(List.of("anthropic takes files of at most 500000000 bytes (476.8 MiB) for purpose 'vision';"
                + " this one has 500000001 (476.8 MiB). If this server takes larger files, raise"
                + " filegate.providers.anthropic.max-bytes"), p.refusal("vision", "png", 500_000_001L, null)
                .stream().toList());
        assertFalse(p.refusal("fine-tune", "jsonl", 10, null).isEmpty(), "no fine-tuning through Anthropic files");
    }
}
