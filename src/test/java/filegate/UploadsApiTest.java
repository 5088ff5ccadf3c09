package filegate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import filegate.support.EndToEnd;
import filegate.support.FakeProvider.Request;
import filegate.support.FakeProvider.Response;
import filegate.support.FakeUploads;
import filegate.support.Harness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Files above the single-request limit go through OpenAI's Uploads API (create, parts, complete), checked
 * by a strict local server that assembles the parts and verifies byte count, order and md5. The limit is
 * lowered to a few KB so the files stay small.
 */
class UploadsApiTest extends EndToEnd {
    static final int PART = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ALLOWED_HEADERS = Set.of("host", "content-length", "content-type",
            "authorization", "connection", "user-agent", "accept-encoding", "expect");

    @BeforeEach
    void partsSmall() {
        h.set("filegate.providers.openai.parts-threshold-bytes", String.valueOf(2 * PART))
                .set("filegate.providers.openai.part-size-bytes", String.valueOf(PART));
    }

    /** Valid fine-tuning JSON lines, every line different, at least {@code minBytes} long. */
    static byte[] trainingData(int minBytes, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < minBytes || i < 10; i++) {
            StringBuilder words = new StringBuilder();
            for (int w = 0; w < 8 + random.nextInt(12); w++) {
                words.append(Long.toString(random.nextLong() & Long.MAX_VALUE, 36)).append(' ');
            }
            sb.append("{\"messages\":[{\"role\":\"user\",\"content\":\"question ").append(i).append(": ").append(words)
                    .append("\"},{\"role\":\"assistant\",\"content\":\"answer ").append(i).append("\"}]}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The part of {@code file} starting at {@code index * PART}. */
    static byte[] chunk(byte[] file, int index) {
        return Arrays.copyOfRange(file, index * PART, Math.min(file.length, (index + 1) * PART));
    }

    static int partCount(byte[] file) {
        return (file.length + PART - 1) / PART;
    }

    /** Which chunk of {@code file} these bytes are, or -1. */
    static int chunkIndex(byte[] file, byte[] data) {
        for (int i = 0; i < partCount(file); i++) {
            if (Arrays.equals(chunk(file, i), data)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode json(byte[] body) throws Exception {
        return JSON.readTree(body);
    }

    private List<Request> requests(java.util.function.Predicate<Request> which) {
        return provider.requests().stream().filter(which).toList();
    }

    private List<JsonNode> linesOf(String filename) {
        return h.manifestLines().stream().filter(l -> l.path("source").asText().endsWith("/" + filename)).toList();
    }

    private void assertStoredOnce(byte[] content) {
        String sha = FakeUploads.hex("SHA-256", content);
        assertEquals(1, provider.stored().stream().filter(s -> s.sha256().equals(sha)).count(),
                "the provider must hold these bytes exactly once: " + provider.stored());
    }

    @Test
    void large_file_goes_in_parts_and_the_manifest_records_the_file_id_of_upload_file() throws Exception {
        h.set("filegate.providers.openai.parts-in-flight", "3");
        h.set("filegate.providers.openai.expires-after-seconds", "7200");
        byte[] big = trainingData(5 * PART + 700, 1);
        byte[] small = trainingData(PART, 2);
        h.drop("fine-tune/big.jsonl", big);
        h.drop("fine-tune/small.jsonl", small);

        assertEquals(0, h.sync());

        FakeUploads api = provider.uploadsApi();
        assertEquals(List.of(), api.violations());
        int n = partCount(big);
        assertEquals(6, n);

        // the small file still goes in one request
        Request single = requests(r -> r.path().equals("/v1/files") && r.method().equals("POST")).get(0);
        assertEquals("small.jsonl", single.multipart().part("file").filename());
        assertEquals(1, requests(r -> r.path().equals("/v1/files")).size());

        List<Request> creates = requests(FakeUploads::isCreate);
        assertEquals(1, creates.size());
        JsonNode c = json(creates.get(0).body());
        assertEquals("big.jsonl", c.get("filename").asText());
        assertEquals("fine-tune", c.get("purpose").asText());
        assertEquals(big.length, c.get("bytes").asLong());
        assertEquals("text/jsonl", c.get("mime_type").asText());
        assertEquals("created_at", c.get("expires_after").get("anchor").asText());
        assertEquals(7200, c.get("expires_after").get("seconds").asLong());

        for (Request r : requests(FakeUploads::handles)) {
            assertEquals("Bearer " + Harness.KEY, r.header("authorization"), r.path());
            assertEquals(String.valueOf(r.body().length), r.header("content-length"), r.path() + " has a known length");
            for (String name : r.headers().keySet()) {
                assertTrue(ALLOWED_HEADERS.contains(name), "leaked header " + name + " on " + r.path());
            }
        }

        // each part straight from its offset: sizes PART except the last, every chunk exactly once
        List<FakeUploads.Part> parts = api.partsReceived();
        assertEquals(n, parts.size());
        List<Integer> sent = new ArrayList<>();
        for (FakeUploads.Part p : parts) {
            sent.add(chunkIndex(big, p.data()));
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5), sent.stream().sorted().toList());
        for (Request r : requests(FakeUploads::isPart)) {
            assertEquals(List.of("data"), r.multipart().names());
            assertEquals("application/octet-stream", r.multipart().part("data").headers().get("content-type"));
        }

        FakeUploads.Upload upload = api.uploads().get(0);
        assertEquals("completed", upload.status);
        JsonNode ids = upload.completion.get("part_ids");
        assertEquals(n, ids.size());
        for (int i = 0; i < n; i++) {
            assertArrayEquals(chunk(big, i), upload.parts.get(ids.get(i).asText()).data(), "part_ids out of order at " + i);
        }
        assertEquals(FakeUploads.hex("MD5", big), upload.completion.get("md5").asText());
        assertEquals(FakeUploads.hex("SHA-256", big), upload.file.sha256(), "the assembled file is the original");
        assertStoredOnce(big);

        List<JsonNode> lines = linesOf("big.jsonl");
        List<String> events = lines.stream().map(l -> l.get("event").asText()).toList();
        assertEquals("intent", events.get(0));
        assertEquals("upload-created", events.get(1));
        assertEquals(n, events.stream().filter("part-uploaded"::equals).count());
        assertEquals("uploaded", events.get(events.size() - 1));
        JsonNode created = lines.get(1);
        assertEquals(upload.id, created.get("upload_id").asText());
        assertEquals(PART, created.get("part_bytes").asLong());
        assertEquals(n, created.get("parts").asInt());
        assertEquals(upload.expiresAt, created.get("expires_at").asLong());
        JsonNode uploaded = lines.get(lines.size() - 1);
        assertEquals(upload.file.id(), uploaded.get("file_id").asText(), "the id recorded is upload.file.id");
        assertFalse(uploaded.get("file_id").asText().equals(upload.id));
        assertEquals(upload.id, uploaded.get("upload_id").asText());
        assertEquals(n, uploaded.get("parts").asInt());
        assertTrue(uploaded.get("upload_ms").isIntegralNumber() && uploaded.get("upload_ms").asLong() >= 0, uploaded.toString());
        assertEquals(FakeUploads.hex("SHA-256", big), uploaded.get("sha256").asText());
        assertEquals(lines.get(0).get("attempt"), uploaded.get("attempt"));
        assertNull(uploaded.get("parts_resumed"));
        assertNull(linesOf("small.jsonl").get(1).get("upload_id"));
        assertTrue(Files.exists(h.inbox.resolve(".done").resolve(LocalDate.now(ZoneOffset.UTC).toString())
                .resolve("fine-tune/big.jsonl")));
    }

    @Test
    void parts_are_sent_several_at_a_time_but_never_more_than_parts_in_flight() {
        h.set("filegate.providers.openai.parts-in-flight", "3");
        byte[] big = trainingData(8 * PART, 3);
        CountDownLatch three = new CountDownLatch(3);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean(true);
        provider.answer(r -> {
            if (!FakeUploads.isPart(r)) {
                return provider.openAiFile(r);
            }
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                // the first three parts are held until all three are here at once
                three.countDown();
                if (!three.await(10, TimeUnit.SECONDS)) {
                    overlapped.set(false);
                }
                return provider.openAiFile(r);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        });
        h.drop("fine-tune/wide.jsonl", big);

        assertEquals(0, h.sync());

        assertTrue(overlapped.get(), "three part requests must be at the server at the same time");
        assertEquals(3, most.get(), "never more parts in flight than parts-in-flight");
        assertEquals(List.of(), provider.uploadsApi().violations());
        assertStoredOnce(big);
    }

    @Test
    void a_part_answered_500_is_sent_again_alone_and_the_file_arrives_whole() {
        h.set("filegate.providers.openai.parts-in-flight", "2");
        byte[] big = trainingData(4 * PART + 10, 4);
        AtomicInteger partRequests = new AtomicInteger();
        provider.answer(r -> FakeUploads.isPart(r) && partRequests.incrementAndGet() == 2
                ? Response.json(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}")
                : provider.openAiFile(r));
        h.drop("fine-tune/flaky.jsonl", big);

        assertEquals(0, h.sync());

        int n = partCount(big);
        List<Request> parts = requests(FakeUploads::isPart);
        assertEquals(n + 1, parts.size(), "only the failed part is sent again");
        List<Integer> chunks = parts.stream().map(r -> chunkIndex(big, r.multipart().part("data").data())).toList();
        assertEquals(n, Set.copyOf(chunks).size());
        assertFalse(chunks.contains(-1));
        assertEquals(1, requests(FakeUploads::isCreate).size());
        assertEquals(1, requests(FakeUploads::isComplete).size());
        assertTrue(requests(r -> r.method().equals("GET")).isEmpty(),
                "no file exists before complete, so a failed part needs no look at the file list");
        assertEquals(List.of(), provider.uploadsApi().violations());
        assertStoredOnce(big);
        JsonNode uploaded = h.manifestLines("uploaded").get(0);
        assertEquals(1, uploaded.get("attempts").asInt());
        assertEquals(n, h.manifestLines("part-uploaded").size());
    }

    @Test
    void a_rate_limited_create_waits_as_retry_after_asks() {
        byte[] big = trainingData(3 * PART, 5);
        AtomicInteger creates = new AtomicInteger();
        provider.answer(r -> FakeUploads.isCreate(r) && creates.incrementAndGet() == 1
                ? Response.json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
                        + "\"code\":\"rate_limit_exceeded\"}}").withHeader("retry-after-ms", "700")
                : provider.openAiFile(r));
        h.drop("fine-tune/busy.jsonl", big);

        assertEquals(0, h.sync());

        List<Request> attempts = requests(FakeUploads::isCreate);
        assertEquals(2, attempts.size());
        long waited = attempts.get(1).receivedAtMillis() - attempts.get(0).receivedAtMillis();
        assertTrue(waited >= 700, "retry-after-ms: 700 must be honoured, waited " + waited + " ms");
        assertEquals(1, provider.uploadsApi().uploads().size());
        assertStoredOnce(big);
    }

    @Test
    void a_lost_answer_to_complete_is_settled_from_the_file_list_not_by_completing_again() {
        byte[] big = trainingData(3 * PART, 6);
        AtomicInteger completes = new AtomicInteger();
        provider.answer(r -> {
            Response real = provider.openAiFile(r);
            // the file was made, but the answer never arrives intact
            return FakeUploads.isComplete(r) && completes.incrementAndGet() == 1
                    ? Response.json(502, "{\"error\":{\"message\":\"Bad gateway\",\"type\":\"server_error\"}}")
                    : real;
        });
        h.drop("fine-tune/lost.jsonl", big);

        assertEquals(0, h.sync());

        assertEquals(1, completes.get(), "the upload must not be completed twice");
        assertEquals(1, requests(FakeUploads::isCreate).size(), "nor started over");
        assertEquals(1, requests(r -> r.method().equals("GET") && r.path().equals("/v1/files")).size());
        assertStoredOnce(big);
        JsonNode uploaded = h.manifestLines("uploaded").get(0);
        assertTrue(uploaded.get("reconciled").asBoolean(), uploaded.toString());
        assertEquals(provider.uploadsApi().uploads().get(0).file.id(), uploaded.get("file_id").asText());
        assertEquals(List.of(), provider.uploadsApi().violations());
    }

    /** Puts a file from .failed/ back into the drop folder, as its sidecar tells the user to. */
    private void putBack(String rel) throws Exception {
        Path back = h.inbox.resolve(rel);
        Files.move(h.inbox.resolve(".failed").resolve(rel), back, StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(back, FileTime.from(Instant.now().minusSeconds(60)));
    }

    @Test
    void an_upload_too_close_to_expiry_is_cancelled_and_started_over() throws Exception {
        h.set("filegate.providers.openai.parts-in-flight", "1");
        h.set("filegate.retry.max-attempts", "2");
        byte[] big = trainingData(4 * PART + 1, 7);
        int n = partCount(big);
        // less life left than Filegate needs to trust a resume
        provider.uploadsApi().lifetimeSeconds = 120;
        AtomicInteger partRequests = new AtomicInteger();
        provider.answer(r -> FakeUploads.isPart(r) && partRequests.incrementAndGet() >= 3
                ? Response.json(503, "{\"error\":{\"message\":\"Overloaded\",\"type\":\"server_error\"}}")
                : provider.openAiFile(r));
        h.drop("fine-tune/late.jsonl", big);

        assertEquals(1, h.sync());
        JsonNode failed = h.manifestLines("failed").get(0);
        String firstUpload = provider.uploadsApi().uploads().get(0).id;
        assertEquals(firstUpload, failed.get("upload_id").asText());
        assertTrue(failed.get("reason").asText().contains("part 3 of " + n + ": the provider kept failing (503);"), failed.toString());
        assertTrue(failed.get("reason").asText().contains("(gave up after 2 attempts); upload " + firstUpload
                + " keeps the 2 of " + n + " parts that arrived"), failed.toString());
        assertNull(failed.get("ambiguous"), "no file can exist before complete");
        assertEquals(2, h.manifestLines("part-uploaded").size());

        putBack("fine-tune/late.jsonl");
        provider.uploadsApi().lifetimeSeconds = 3600;
        provider.answer(provider::openAiFile);
        int before = provider.requests().size();

        assertEquals(0, h.sync());

        List<Request> second = provider.requests().subList(before, provider.requests().size());
        List<String> calls = second.stream().filter(FakeUploads::handles)
                .map(r -> r.path().replaceAll("/v1/uploads/?", "")).toList();
        assertEquals(firstUpload + "/cancel", calls.get(0), "the old upload is cancelled first: " + calls);
        assertEquals("", calls.get(1), "then a new one is created: " + calls);
        assertEquals(n, calls.stream().filter(c -> c.endsWith("/parts")).count(), "and every part sent to it");
        List<FakeUploads.Upload> uploads = provider.uploadsApi().uploads();
        assertEquals(2, uploads.size());
        assertEquals("cancelled", uploads.get(0).status);
        assertEquals("completed", uploads.get(1).status);
        assertStoredOnce(big);
        JsonNode abandoned = h.manifestLines("upload-abandoned").get(0);
        assertEquals(firstUpload, abandoned.get("upload_id").asText());
        assertTrue(abandoned.get("reason").asText().startsWith("cancelled"), abandoned.toString());
        JsonNode uploaded = h.manifestLines("uploaded").get(0);
        assertEquals(uploads.get(1).id, uploaded.get("upload_id").asText());
        assertNull(uploaded.get("parts_resumed"));
        assertEquals(List.of(), provider.uploadsApi().violations());
    }

    @Test
    void a_refused_part_abandons_the_upload_so_the_next_try_starts_a_new_one() throws Exception {
        h.set("filegate.providers.openai.parts-in-flight", "1");
        byte[] big = trainingData(3 * PART, 9);
        AtomicInteger partRequests = new AtomicInteger();
        provider.answer(r -> FakeUploads.isPart(r) && partRequests.incrementAndGet() == 2
                ? Response.json(400, "{\"error\":{\"message\":\"Part rejected\",\"type\":\"invalid_request_error\"}}")
                : provider.openAiFile(r));
        h.drop("fine-tune/refused.jsonl", big);

        assertEquals(1, h.sync());
        assertEquals(2, partRequests.get(), "a 400 is not retried");
        String firstUpload = provider.uploadsApi().uploads().get(0).id;
        JsonNode abandoned = h.manifestLines("upload-abandoned").get(0);
        assertEquals(firstUpload, abandoned.get("upload_id").asText());
        assertTrue(abandoned.get("reason").asText().contains("Part rejected"), abandoned.toString());
        assertFalse(h.manifestLines("failed").get(0).get("reason").asText().contains("within the hour"));

        putBack("fine-tune/refused.jsonl");
        provider.answer(provider::openAiFile);
        assertEquals(0, h.sync());

        List<FakeUploads.Upload> uploads = provider.uploadsApi().uploads();
        assertEquals(2, uploads.size(), "a new upload, not the refused one");
        assertEquals("completed", uploads.get(1).status);
        assertTrue(requests(FakeUploads::isCancel).isEmpty());
        assertStoredOnce(big);
        assertEquals(List.of(), provider.uploadsApi().violations());
    }

    @Test
    void a_file_over_8_gb_is_rejected_unread_with_the_reason() throws Exception {
        Path huge = h.inbox.resolve("fine-tune/huge.jsonl");
        Files.createDirectories(huge.getParent());
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(8_000_000_001L); // sparse: no disk used, and never read
        }
        Files.setLastModifiedTime(huge, FileTime.from(Instant.now().minusSeconds(60)));

        assertEquals(1, h.sync());

        assertEquals(List.of(), provider.requests());
        JsonNode rejected = h.manifestLines("rejected").get(0);
        assertEquals(8_000_000_001L, rejected.get("bytes").asLong());
        assertEquals("openai takes files of at most 8000000000 bytes (7.5 GiB), the most its Uploads API accepts"
                + " for one file; this one has 8000000001 (7.5 GiB). Split it into smaller files; change the naming"
                + " rule or the target provider", rejected.get("reason").asText());
        assertTrue(Files.exists(h.inbox.resolve(".failed/fine-tune/huge.jsonl.error.json")));
    }

    @Test
    void an_openai_compatible_server_uses_the_uploads_api_only_when_switched_on() {
        h.set("filegate.provider", "local");
        h.set("filegate.providers.local.type", "openai-compatible");
        h.set("filegate.providers.local.base-url", provider.baseUrl());
        h.set("filegate.providers.local.api-key", Harness.KEY);
        h.set("filegate.providers.local.query", "api-version=2024-10-21");
        h.set("filegate.providers.local.max-bytes", "100000");
        h.set("filegate.providers.local.uploads-api", "true");
        h.set("filegate.providers.local.parts-threshold-bytes", String.valueOf(2 * PART));
        h.set("filegate.providers.local.part-size-bytes", String.valueOf(PART));
        byte[] big = trainingData(3 * PART, 8);
        h.drop("fine-tune/compat.jsonl", big);

        assertEquals(0, h.sync());

        List<Request> calls = requests(FakeUploads::handles);
        assertEquals(1 + partCount(big) + 1, calls.size());
        assertTrue(calls.stream().allMatch(r -> "api-version=2024-10-21".equals(r.query())), "query on every call");
        assertEquals(List.of(), provider.uploadsApi().violations());
        assertStoredOnce(big);
    }

    @Test
    void uploads_settings_a_provider_cannot_use_stop_start_up() {
        Harness.Run together = h.set("filegate.providers.tg.type", "together")
                .set("filegate.providers.tg.api-key", Harness.KEY)
                .set("filegate.providers.tg.uploads-api", "true").syncCapturing();
        assertEquals(2, together.exitCode());
        assertTrue(together.stderr().contains("filegate.providers.tg.uploads-api=true is not possible: a together"
                + " provider has no Uploads API"), together.stderr());

        h.props.remove("filegate.providers.tg.type");
        h.props.remove("filegate.providers.tg.api-key");
        h.props.remove("filegate.providers.tg.uploads-api");
        Harness.Run part = h.set("filegate.providers.openai.part-size-bytes", "67108865").syncCapturing();
        assertEquals(2, part.exitCode());
        assertTrue(part.stderr().contains("filegate.providers.openai.part-size-bytes=67108865 is not allowed:"
                + " expected a whole number from 1 to 67108864"), part.stderr());

        h.set("filegate.providers.openai.part-size-bytes", String.valueOf(PART));
        Harness.Run off = h.set("filegate.providers.openai.uploads-api", "false").syncCapturing();
        assertEquals(2, off.exitCode());
        assertTrue(off.stderr().contains("filegate.providers.openai.parts-threshold-bytes is set, but this provider"
                + " does not use the Uploads API"), off.stderr());
        assertEquals(List.of(), provider.requests());
    }
}
