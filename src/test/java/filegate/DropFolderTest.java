package filegate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.EndToEnd;
import filegate.support.FakeProvider;
import filegate.support.FakeProvider.Response;
import filegate.support.Harness;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

/** Watch mode end to end: the shipped routes, a real HTTP server as OpenAI, a real manifest on disk. */
class DropFolderTest extends EndToEnd {
    /** Headers an HTTP client may legitimately send; anything else leaked from Camel or Filegate. */
    private static final Set<String> ALLOWED_HEADERS = Set.of("host", "content-length", "content-type",
            "authorization", "connection", "user-agent", "accept-encoding", "expect");

    private static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    @Test
    void uploads_jsonl_with_fine_tune_purpose() throws Exception {
        byte[] content = Harness.chat("hé").getBytes(StandardCharsets.UTF_8);
        CamelContext ctx = h.watch();
        NotifyBuilder done = new NotifyBuilder(ctx).fromRoute("inbox").whenDone(1).create();
        h.drop("fine-tune/train.jsonl", content);
        assertTrue(done.matches(20, TimeUnit.SECONDS), "the file was not processed");

        Path moved = h.inbox.resolve(".done").resolve(today()).resolve("fine-tune/train.jsonl");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(moved));
        assertFalse(Files.exists(h.inbox.resolve("fine-tune/train.jsonl")), "source must be moved");
        assertArrayEquals(content, Files.readAllBytes(moved));

        List<FakeProvider.Request> reqs = provider.requests();
        assertEquals(1, reqs.size());
        FakeProvider.Request r = reqs.get(0);
        assertEquals("POST", r.method());
        assertEquals("/v1/files", r.path());
        assertEquals("Bearer " + Harness.KEY, r.header("authorization"));
        assertTrue(r.header("content-type").startsWith("multipart/form-data; boundary="), r.header("content-type"));
        assertEquals(String.valueOf(r.body().length), r.header("content-length"), "streamed with a known length");
        assertNull(r.header("transfer-encoding"));
        for (String name : r.headers().keySet()) {
            assertTrue(ALLOWED_HEADERS.contains(name), "leaked header " + name + ": " + r.headers().get(name));
        }
        assertEquals(List.of("purpose", "file"), r.multipart().names());
        assertEquals("fine-tune", r.multipart().text("purpose"));
        assertEquals("train.jsonl", r.multipart().part("file").filename());
        assertArrayEquals(content, r.multipart().part("file").data(), "file bytes must arrive unchanged");

        List<JsonNode> lines = h.manifestLines();
        assertEquals(List.of("intent", "uploaded"), lines.stream().map(l -> l.get("event").asText()).toList());
        assertEquals(lines.get(0).get("attempt"), lines.get(1).get("attempt"));
        JsonNode m = lines.get(1);
        assertEquals("uploaded", m.get("event").asText());
        assertTrue(m.get("ts").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), m.get("ts").asText());
        assertEquals(h.inbox + "/fine-tune/train.jsonl", m.get("source").asText());
        assertEquals(content.length, m.get("bytes").asLong());
        assertEquals(sha256(content), m.get("sha256").asText());
        assertEquals("openai", m.get("provider").asText());
        assertEquals("fine-tune", m.get("purpose").asText());
        assertEquals("jsonl", m.get("file_type").asText());
        assertEquals("default:purpose-folder", m.get("rule").asText());
        assertEquals("file-1", m.get("file_id").asText());
        assertEquals("train.jsonl", m.get("filename").asText());
        assertTrue(Math.abs(System.currentTimeMillis() / 1000 - m.get("created_at").asLong()) < 600, m.toString());
        assertEquals("processed", m.get("status").asText());
        assertFalse(Files.readString(h.manifest).contains(Harness.KEY), "the key must never reach the manifest");
    }

    @Test
    void picks_purpose_from_folder_and_extension() throws Exception {
        CamelContext ctx = h.watch();
        NotifyBuilder done = new NotifyBuilder(ctx).fromRoute("inbox").whenDone(3).create();
        h.drop("team/batch/requests.jsonl", Harness.batchLine("r"));
        h.drop("pics/cat.PNG", Harness.png("cat"));
        h.drop("docs/report.pdf", "%PDF-1.4");
        assertTrue(done.matches(20, TimeUnit.SECONDS));
        await().atMost(Duration.ofSeconds(10)).until(() -> h.manifestLines("uploaded").size() == 3);
        for (FakeProvider.Request r : provider.requests()) {
            String name = r.multipart().part("file").filename();
            String expected = switch (name) {
                case "requests.jsonl" -> "batch";
                case "cat.PNG" -> "vision";
                case "report.pdf" -> "user_data";
                default -> throw new AssertionError(name);
            };
            assertEquals(expected, r.multipart().text("purpose"), name);
        }
    }

    @Test
    void provider_400_moves_file_to_failed_with_sidecar() throws Exception {
        provider.answer(r -> Response.json(400, "{\"error\":{\"message\":\"Invalid file format for Fine-Tuning API."
                + " Must be .jsonl\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_file_format\"}}")
                .withHeader("x-request-id", "req_123"));
        CamelContext ctx = h.watch();
        NotifyBuilder done = new NotifyBuilder(ctx).fromRoute("inbox").whenDone(1).create();
        h.drop("fine-tune/bad.jsonl", Harness.chat("not json\n"));
        assertTrue(done.matches(20, TimeUnit.SECONDS));

        Path failed = h.inbox.resolve(".failed/fine-tune/bad.jsonl");
        Path sidecar = h.inbox.resolve(".failed/fine-tune/bad.jsonl.error.json");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(failed));
        assertEquals(1, provider.requests().size(), "a 400 is not retried");

        JsonNode side = Harness.json(sidecar);
        JsonNode p = side.get("providers").get(0);
        assertEquals("openai", p.get("provider").asText());
        assertEquals("failed", p.get("outcome").asText());
        assertEquals(400, p.get("error").get("http_status").asInt());
        assertEquals("invalid_request_error", p.get("error").get("type").asText());
        assertEquals("invalid_file_format", p.get("error").get("code").asText());
        assertEquals("req_123", p.get("error").get("request_id").asText());
        assertTrue(p.get("error").get("message").asText().contains("Must be .jsonl"));
        assertTrue(p.get("what_to_do").asText().contains("fix it"), p.toString());

        JsonNode line = h.manifestLines("failed").get(0);
        assertEquals(400, line.get("error").get("http_status").asInt());
        assertEquals("invalid_file_format", line.get("error").get("code").asText());
        assertTrue(line.get("error").get("message").asText().contains("Must be .jsonl"));
    }

    @Test
    void half_written_file_is_not_taken_until_it_is_still() throws Exception {
        h.set("filegate.inbox.stable-ms", "1500");
        h.watch();
        Path p = h.inbox.resolve("fine-tune/growing.jsonl");
        Files.createDirectories(p.getParent());
        Files.writeString(p, Harness.chat("growing"));
        // keep "writing" for a while: every poll sees a fresh mtime
        long until = System.currentTimeMillis() + 1200;
        while (System.currentTimeMillis() < until) {
            Files.writeString(p, Harness.chat("more"), java.nio.file.StandardOpenOption.APPEND);
            await().pollDelay(Duration.ofMillis(100)).until(() -> true);
        }
        assertEquals(0, provider.requests().size(), "a file still being written must not be sent");
        await().atMost(Duration.ofSeconds(15)).until(() -> provider.requests().size() == 1);
        byte[] sent = provider.requests().get(0).multipart().part("file").data();
        Path done = h.inbox.resolve(".done").resolve(today()).resolve("fine-tune/growing.jsonl");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done));
        assertArrayEquals(Files.readAllBytes(done), sent, "the whole file is sent, not the part seen first");
    }

    @Test
    void part_tmp_and_dot_files_are_never_taken() throws Exception {
        CamelContext ctx = h.watch();
        NotifyBuilder done = new NotifyBuilder(ctx).fromRoute("inbox").whenDone(1).create();
        h.drop("fine-tune/a.jsonl.part", "{}\n");
        h.drop("fine-tune/b.jsonl.tmp", "{}\n");
        h.drop("fine-tune/.c.jsonl", Harness.chat("{}\n"));
        h.drop("fine-tune/d.jsonl", Harness.chat("{}\n"));
        assertTrue(done.matches(20, TimeUnit.SECONDS));
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                .until(() -> provider.requests().size() == 1);
        assertEquals("d.jsonl", provider.requests().get(0).multipart().part("file").filename());
        assertTrue(Files.exists(h.inbox.resolve("fine-tune/a.jsonl.part")));
        assertTrue(Files.exists(h.inbox.resolve("fine-tune/b.jsonl.tmp")));
        assertTrue(Files.exists(h.inbox.resolve("fine-tune/.c.jsonl")));
    }

    @Test
    void unmatched_file_stays_and_is_recorded_once() throws Exception {
        h.watch();
        Path bin = h.drop("misc/model.bin", "\u0000\u0001");
        await().atMost(Duration.ofSeconds(10)).until(() -> h.manifestLines("unmatched").size() == 1);
        // several more polls must not add lines
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                .until(() -> h.manifestLines("unmatched").size() == 1);
        assertTrue(Files.exists(bin), "an unmatched file stays where it is");
        assertEquals(0, provider.requests().size());
        JsonNode line = h.manifestLines("unmatched").get(0);
        assertEquals(h.inbox + "/misc/model.bin", line.get("source").asText());
        assertEquals(2, line.get("bytes").asLong());
        assertTrue(line.get("reason").asText().contains("no naming rule matches 'misc/model.bin'"));
    }

    @Test
    void same_name_dropped_twice_keeps_both_in_done() throws Exception {
        CamelContext ctx = h.watch();
        NotifyBuilder first = new NotifyBuilder(ctx).fromRoute("inbox").whenDone(1).create();
        h.drop("fine-tune/x.jsonl", Harness.chat("{\"v\":1}\n"));
        assertTrue(first.matches(20, TimeUnit.SECONDS));
        Path done1 = h.inbox.resolve(".done").resolve(today()).resolve("fine-tune/x.jsonl");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done1));
        NotifyBuilder second = new NotifyBuilder(ctx).fromRoute("inbox").whenDone(1).create();
        h.drop("fine-tune/x.jsonl", Harness.chat("{\"v\":2}\n"));
        assertTrue(second.matches(20, TimeUnit.SECONDS));
        Path done2 = h.inbox.resolve(".done").resolve(today()).resolve("fine-tune/x~2.jsonl");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done2));
        assertEquals(Harness.chat("{\"v\":1}\n"), Files.readString(done1));
        assertEquals(Harness.chat("{\"v\":2}\n"), Files.readString(done2));
    }

    static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }

    static void age(Path p) throws Exception {
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(60)));
    }
}
