package filegate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.ChildJvm;
import filegate.support.EndToEnd;
import filegate.support.FakeProvider.Response;
import filegate.support.Harness;
import filegate.support.S3Mock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;

/** S3 prefixes as sources, against a real S3-compatible server (S3Mock) and a real local provider. */
@ExtendWith(S3Mock.class)
class S3SourceTest extends EndToEnd {
    S3Client s3;
    String bucket;

    @BeforeEach
    void bucket() {
        s3 = S3Mock.client();
        bucket = S3Mock.newBucket();
        h.set("filegate.s3.bucket", bucket)
                .set("filegate.s3.prefixes", "in/")
                .set("filegate.s3.endpoint", S3Mock.endpoint())
                .set("filegate.s3.access-key", S3Mock.ACCESS_KEY)
                .set("filegate.s3.secret-key", S3Mock.SECRET_KEY);
    }

    @Test
    void sync_lists_every_page_uploads_each_object_once_and_a_second_sync_uploads_nothing() throws Exception {
        int count = Integer.getInteger("filegate.bench.s3-objects", 1200);
        Map<String, String> objects = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            objects.put("in/set-" + (i % 7) + "/f" + i + ".jsonl", Harness.chat("i" + i));
        }
        objects.put("other/outside.jsonl", Harness.chat("{\"outside\":true}\n"));
        seed(objects);

        long t0 = System.nanoTime();
        Run first = sync();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("S3 sync of %d objects: %.1f s, %.0f objects/s%n", count, secs, count / secs);

        assertEquals(0, first.code, first.out);
        assertTrue(first.out.contains(count + " uploaded, 0 duplicate, 0 rejected, 0 failed, 0 unmatched"), first.out);
        assertEquals(count, provider.requests().size());
        List<JsonNode> lines = h.manifestLines("uploaded");
        assertEquals(count, lines.size());
        Map<String, String> etags = listEtags("in/");
        assertEquals(count, etags.size(), "a sync never removes objects");
        Set<String> sources = new TreeSet<>();
        for (JsonNode l : lines) {
            String source = l.get("source").asText();
            String key = source.substring(("s3://" + bucket + "/").length());
            assertTrue(source.startsWith("s3://" + bucket + "/in/"), source);
            assertEquals(etags.get(key), l.get("etag").asText(), "the manifest keeps the ETag without quotes");
            assertFalse(l.get("etag").asText().contains("\""));
            assertEquals(key.substring(key.lastIndexOf('/') + 1), l.get("filename").asText());
            assertEquals("fine-tune", l.get("purpose").asText());
            sources.add(source);
        }
        assertEquals(count, sources.size(), "each object exactly once");
        assertTrue(provider.requests().stream().noneMatch(r -> r.multipart().part("file").filename()
                .equals("outside.jsonl")), "objects outside the prefixes are not read");

        int linesBefore = h.manifestLines().size();
        Run second = sync();
        assertEquals(0, second.code, second.out);
        assertTrue(second.out.contains("0 uploaded, 0 duplicate, 0 rejected, 0 failed, 0 unmatched"), second.out);
        assertEquals(count, provider.requests().size(), "the second sync must upload nothing");
        assertEquals(linesBefore, h.manifestLines().size(), "nor write a line");
        assertEquals(count, listEtags("in/").size());
        assertEmptySpool();
    }

    @Test
    void in_watch_mode_objects_for_an_unusable_provider_are_left_alone_until_it_is_usable() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        provider.answer(r -> down.get() && r.method().equals("GET")
                ? Response.json(503, "{\"error\":{\"message\":\"upstream overloaded\",\"type\":\"server_error\"}}")
                : provider.openAiFile(r));
        h.set("filegate.probe.enabled", "true").set("filegate.probe.interval-seconds", "1")
                .set("filegate.s3.poll-ms", "200").set("filegate.s3.tag", "filegate=done");
        put("in/a.jsonl", Harness.chat("a"));
        h.watch();
        // several polls (every 200 ms) and probes (every second) go by
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() -> provider.uploads().isEmpty());
        assertEquals(0, provider.uploads().size(), "nothing is sent while the provider is down");
        assertEquals(List.of(), h.manifestLines());
        assertTrue(tags("in/a.jsonl").isEmpty(), "the object is not touched");

        down.set(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> h.manifestLines("uploaded").size() == 1);
        assertEquals(1, provider.uploads().size());
        await().atMost(Duration.ofSeconds(10)).until(() -> !tags("in/a.jsonl").isEmpty());
    }

    @Test
    void a_changed_object_is_uploaded_again_and_unchanged_ones_are_skipped() throws Exception {
        seed(Map.of("in/a.jsonl", Harness.chat("{\"v\":1}\n"), "in/b.jsonl", Harness.chat("{\"b\":1}\n")));
        assertEquals(0, sync().code);
        String oldEtag = listEtags("in/").get("in/a.jsonl");
        put("in/a.jsonl", Harness.chat("{\"v\":2}\n"));
        String newEtag = listEtags("in/").get("in/a.jsonl");
        assertFalse(oldEtag.equals(newEtag));

        Run again = sync();
        assertEquals(0, again.code, again.out);
        assertTrue(again.out.contains("1 uploaded"), again.out);
        assertEquals(3, provider.requests().size());
        assertEquals(Harness.chat("{\"v\":2}\n"), provider.requests().get(2).multipart().part("file").text());
        List<String> etagsOfA = h.manifestLines("uploaded").stream()
                .filter(l -> l.get("source").asText().endsWith("/in/a.jsonl")).map(l -> l.get("etag").asText()).toList();
        assertEquals(List.of(oldEtag, newEtag), etagsOfA);
    }

    @Test
    void several_prefixes_are_read_and_a_prefix_inside_another_sends_nothing_twice() throws Exception {
        h.set("filegate.s3.prefixes", "in/, in/ft/ ,more/");
        seed(Map.of("in/ft/a.jsonl", Harness.chat("{\"a\":1}\n"), "more/b.jsonl", Harness.chat("{\"b\":1}\n"), "skip/c.jsonl", Harness.chat("{\"c\":1}\n")));
        assertEquals(0, sync().code);
        assertEquals(2, provider.requests().size());
        assertEquals(Set.of("s3://" + bucket + "/in/ft/a.jsonl", "s3://" + bucket + "/more/b.jsonl"),
                h.manifestLines("uploaded").stream().map(l -> l.get("source").asText()).collect(Collectors.toSet()));
    }

    @Test
    void uploaded_object_is_tagged_and_copied_and_the_original_stays() throws Exception {
        h.set("filegate.s3.tag", "filegate=uploaded").set("filegate.s3.copy-prefix", "processed/");
        seed(Map.of("in/docs/report.pdf", "%PDF-1.4 fake\n"));
        s3.putObjectTagging(b -> b.bucket(bucket).key("in/docs/report.pdf")
                .tagging(t -> t.tagSet(Tag.builder().key("owner").value("data-team").build())));

        assertEquals(0, sync().code);
        assertEquals(1, h.manifestLines("uploaded").size());
        assertEquals(Map.of("owner", "data-team", "filegate", "uploaded"), tags("in/docs/report.pdf"),
                "our tag is added to the object's own tags");
        assertEquals("%PDF-1.4 fake\n", get("processed/docs/report.pdf"));
        assertEquals("%PDF-1.4 fake\n", get("in/docs/report.pdf"), "the original is kept unless delete=true");

        // the copy lies beside the source prefix and is never taken as new work
        assertEquals(0, sync().code);
        assertEquals(1, provider.requests().size());
    }

    @Test
    void an_object_replaced_while_it_was_uploaded_is_not_tagged_copied_or_deleted_as_done() throws Exception {
        h.set("filegate.s3.tag", "filegate=uploaded").set("filegate.s3.copy-prefix", "processed/")
                .set("filegate.s3.delete", "true");
        seed(Map.of("in/a.jsonl", Harness.chat("{\"v\":1}\n")));
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        provider.answer(r -> {
            if (r.method().equals("POST") && first.getAndSet(false)) {
                put("in/a.jsonl", Harness.chat("{\"v\":2}\n")); // a new version lands mid-upload
            }
            return provider.openAiFile(r);
        });

        assertEquals(0, sync().code);

        assertEquals(Harness.chat("{\"v\":2}\n"), get("in/a.jsonl"), "the new version is neither deleted nor moved");
        assertEquals(Map.of(), tags("in/a.jsonl"), "nor tagged as done");
        assertFalse(exists("processed/a.jsonl"), "nor copied");
        // the next sync takes the new version
        assertEquals(0, sync().code);
        assertEquals(2, h.manifestLines("uploaded").size());
    }

    @Test
    void the_original_is_deleted_only_when_the_user_opts_in() throws Exception {
        h.set("filegate.s3.copy-prefix", "processed/").set("filegate.s3.delete", "true");
        seed(Map.of("in/a.jsonl", Harness.chat("{\"a\":1}\n")));
        assertEquals(0, sync().code);
        assertEquals(Harness.chat("{\"a\":1}\n"), get("processed/a.jsonl"));
        assertTrue(listEtags("in/").isEmpty(), "delete=true moves the object");
        assertEquals(1, h.manifestLines("uploaded").size());
    }

    @Test
    void an_object_the_provider_refuses_stays_untouched_and_its_report_is_written_next_to_the_manifest() throws Exception {
        h.set("filegate.s3.tag", "filegate=uploaded").set("filegate.s3.copy-prefix", "processed/");
        provider.answer(r -> r.multipart().part("file").filename().startsWith("bad")
                ? Response.json(400, "{\"error\":{\"message\":\"Invalid file format\",\"type\":\"invalid_request_error\"}}")
                : provider.openAiFile(r));
        seed(Map.of("in/ft/bad.jsonl", Harness.chat("not json\n"), "in/ft/good.jsonl", Harness.chat("{}\n")));

        Run run = sync();
        assertEquals(1, run.code, run.out);
        String etag = listEtags("in/").get("in/ft/bad.jsonl");
        assertEquals(Harness.chat("not json\n"), get("in/ft/bad.jsonl"), "a failed object stays where it is");
        assertEquals(Map.of(), tags("in/ft/bad.jsonl"), "and gets no success tag");
        assertFalse(exists("processed/ft/bad.jsonl"), "and is not copied");
        assertTrue(exists("processed/ft/good.jsonl"));

        JsonNode failed = h.manifestLines("failed").get(0);
        assertEquals("s3://" + bucket + "/in/ft/bad.jsonl", failed.get("source").asText());
        assertEquals(etag, failed.get("etag").asText());
        Path report = tmp.resolve("s3-failed").resolve(bucket).resolve("in/ft/bad.jsonl.error.json");
        assertTrue(Files.exists(report), "report expected at " + report);
        JsonNode doc = Harness.json(report);
        assertEquals("s3://" + bucket + "/in/ft/bad.jsonl", doc.get("source").asText());
        assertEquals(etag, doc.get("etag").asText());
        assertEquals("Invalid file format", doc.get("providers").get(0).get("error").get("message").asText());
        assertTrue(doc.get("retry").asText().contains("filegate.s3.retry-failed=true"), doc.toString());

        // the same version is not sent again ...
        assertEquals(0, sync().code);
        assertEquals(2, provider.requests().size());
        // ... unless asked to
        provider.answer(provider::openAiFile);
        h.set("filegate.s3.retry-failed", "true");
        Run retry = sync();
        assertEquals(0, retry.code, retry.out);
        assertTrue(retry.out.contains("1 uploaded"), retry.out);
        assertEquals(3, provider.requests().size());
        assertEquals(0, sync().code);
        assertEquals(3, provider.requests().size(), "once it succeeded, retry-failed has nothing left to send");
    }

    @Test
    void a_bigger_object_than_the_heap_streams_through_a_64_mb_jvm_with_keys_from_the_environment_never_printed()
            throws Exception {
        long bytes = 72L << 20;
        try {
            String sha = putGenerated("in/docs/big.pdf", bytes, 7);
            ChildJvm.Result r = ChildJvm.run(ChildJvm.projectDir(),
                    Map.of("OPENAI_API_KEY", Harness.KEY, "FILEGATE_S3_ACCESS_KEY", S3Mock.ACCESS_KEY,
                            "FILEGATE_S3_SECRET_KEY", S3Mock.SECRET_KEY),
                    List.of("-Xmx64m", "-Dfilegate.inbox=" + h.inbox, "-Dfilegate.manifest=" + h.manifest,
                            "-Dfilegate.providers.openai.base-url=" + provider.baseUrl(),
                            "-Dfilegate.s3.bucket=" + bucket, "-Dfilegate.s3.prefixes=in/",
                            "-Dfilegate.s3.endpoint=" + S3Mock.endpoint()),
                    "--sync");
            assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
            assertTrue(r.stdout().contains("1 uploaded"), r.stdout());
            byte[] sent = provider.requests().get(0).multipart().part("file").data();
            assertEquals(bytes, sent.length);
            assertEquals(sha, sha256(sent), "the whole object is sent, byte for byte");
            assertEquals(sha, h.manifestLines("uploaded").get(0).get("sha256").asText());
            assertEmptySpool();
            String all = r.stdout() + r.stderr() + Files.readString(h.manifest);
            assertFalse(all.contains(S3Mock.SECRET_KEY), "the S3 secret must never be logged");
            assertFalse(all.contains(Harness.KEY));
        } finally {
            // S3Mock keeps objects on disk until it stops
            s3.deleteObject(b -> b.bucket(bucket).key("in/docs/big.pdf"));
        }
    }

    @Test
    void reports_go_under_the_failed_prefix_when_one_is_configured() throws Exception {
        h.set("filegate.s3.failed-prefix", "failed/");
        provider.answer(r -> Response.json(400, "{\"error\":{\"message\":\"nope\",\"type\":\"invalid_request_error\"}}"));
        seed(Map.of("in/x/bad.jsonl", Harness.chat("{}\n")));
        assertEquals(1, sync().code);
        JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get("failed/x/bad.jsonl.error.json"));
        assertEquals("s3://" + bucket + "/in/x/bad.jsonl", doc.get("source").asText());
        assertEquals(Harness.chat("{}\n"), get("in/x/bad.jsonl"));
        assertFalse(Files.exists(tmp.resolve("s3-failed")));
    }

    @Test
    void keys_with_dot_dot_and_odd_characters_cannot_escape_any_local_folder() throws Exception {
        provider.answer(r -> Response.json(400, "{\"error\":{\"message\":\"refused\",\"type\":\"invalid_request_error\"}}"));
        Map<String, String> keys = new LinkedHashMap<>();
        // (control characters are covered by S3KeysTest: S3Mock cannot list such keys)
        keys.put("in/../../escape.jsonl", Harness.chat("{\"k\":1}\n"));
        keys.put("in/./dot.jsonl", Harness.chat("{\"k\":2}\n"));
        keys.put("in/..", Harness.chat("{\"k\":3}\n"));
        keys.put("in/odd é ?#%+:x.jsonl", Harness.chat("{\"k\":4}\n"));
        keys.put("in/..hidden.jsonl", Harness.chat("{\"k\":5}\n"));
        seed(keys);

        Run run = sync();
        assertEquals(1, run.code, run.out);
        assertEquals(4, provider.requests().size(), "'in/..' names no file type and is unmatched");
        Set<String> sentNames = provider.requests().stream().map(r -> r.multipart().part("file").filename())
                .collect(Collectors.toSet());
        assertEquals(Set.of("escape.jsonl", "dot.jsonl", "odd é ?#%+:x.jsonl", "..hidden.jsonl"), sentNames);

        Path reports = tmp.resolve("s3-failed").resolve(bucket);
        for (String key : keys.keySet()) {
            Path naive = reports.resolve(key + ".error.json").normalize();
            if (!naive.startsWith(reports)) {
                assertFalse(Files.exists(naive), naive + " must not be written");
            }
        }
        try (Stream<Path> s = Files.walk(tmp)) {
            List<Path> written = s.filter(p -> p.toString().endsWith(".error.json")).toList();
            assertEquals(4, written.size(), written.toString());
            for (Path p : written) {
                assertTrue(p.toRealPath().startsWith(reports.toRealPath()), p + " escaped " + reports);
            }
        }
        assertTrue(Files.exists(reports.resolve("in/%2E%2E/%2E%2E/escape.jsonl.error.json")));
        assertEmptySpool();
        assertTrue(listEtags("in/").keySet().containsAll(keys.keySet()), "every object is still there");
    }

    @Test
    void an_unmatched_object_is_recorded_once_and_not_touched() throws Exception {
        h.set("filegate.s3.tag", "filegate=uploaded");
        seed(Map.of("in/model.bin", "\u0000\u0001"));
        assertEquals(0, sync().code);
        assertEquals(0, sync().code);
        List<JsonNode> lines = h.manifestLines("unmatched");
        assertEquals(1, lines.size());
        assertEquals("s3://" + bucket + "/in/model.bin", lines.get(0).get("source").asText());
        assertEquals(listEtags("in/").get("in/model.bin"), lines.get(0).get("etag").asText());
        assertTrue(lines.get(0).get("reason").asText().contains("no naming rule matches 'model.bin'"));
        assertEquals(Map.of(), tags("in/model.bin"));
        assertEquals(0, provider.requests().size());
    }

    @Test
    void a_bucket_that_cannot_be_listed_fails_the_sync_with_exit_2() {
        h.set("filegate.s3.bucket", "fg-no-such-bucket");
        Run run = sync();
        assertEquals(2, run.code, run.out + run.err);
        assertTrue(run.err.contains("s3://fg-no-such-bucket/in/: cannot list objects: HTTP 404 NoSuchBucket"), run.err);
    }

    @Test
    void a_bad_s3_setting_stops_filegate_at_start_with_exit_2_naming_the_key() {
        h.set("filegate.s3.tag", "uploaded");
        Run run = sync();
        assertEquals(2, run.code);
        assertTrue(run.err.contains("filegate.s3.tag=uploaded is not allowed: expected key=value"), run.err);
        h.set("filegate.s3.tag", "").set("filegate.s3.copy-prefix", "in/");
        run = sync();
        assertEquals(2, run.code);
        assertTrue(run.err.contains("filegate.s3.copy-prefix=in/ is not allowed"), run.err);
    }

    @Test
    void watch_mode_takes_an_object_added_later_on_the_next_listing() throws Exception {
        h.set("filegate.s3.poll-ms", "200");
        seed(Map.of("in/first.jsonl", Harness.chat("{\"n\":1}\n")));
        h.watch();
        await().atMost(Duration.ofSeconds(20)).until(() -> provider.requests().size() == 1);
        put("in/later.jsonl", Harness.chat("{\"n\":2}\n"));
        await().atMost(Duration.ofSeconds(20)).until(() -> provider.requests().size() == 2);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                .until(() -> provider.requests().size() == 2);
        assertEquals("later.jsonl", provider.requests().get(1).multipart().part("file").filename());
    }

    @Test
    void an_object_that_fails_validation_is_rejected_never_sent_left_in_place_and_reported() throws Exception {
        h.set("filegate.s3.tag", "filegate=uploaded");
        String bad = "{\"messages\":[{\"role\":\"user\",\"content\":\"no answer\"}]}\n";
        seed(Map.of("in/ft/too-few.jsonl", bad));

        Run run = sync();
        assertEquals(1, run.code, run.out);
        assertEquals(0, provider.requests().size(), "a rejected object is never sent");
        assertEquals(bad, get("in/ft/too-few.jsonl"), "it stays where it is");
        assertEquals(Map.of(), tags("in/ft/too-few.jsonl"), "untagged");
        JsonNode rejected = h.manifestLines("rejected").get(0);
        assertEquals("s3://" + bucket + "/in/ft/too-few.jsonl", rejected.get("source").asText());
        assertEquals(listEtags("in/").get("in/ft/too-few.jsonl"), rejected.get("etag").asText());
        assertEquals(1, rejected.get("error").get("counts").get("NO_ASSISTANT_MESSAGE").asInt(), rejected.toString());
        assertEquals(1, rejected.get("error").get("counts").get("TOO_FEW_EXAMPLES").asInt(), rejected.toString());
        Path errors = tmp.resolve("s3-failed").resolve(bucket).resolve("in/ft/too-few.jsonl.errors.json");
        assertTrue(Files.exists(errors), "line-numbered report expected at " + errors);
        boolean lineOne = false;
        for (JsonNode problem : Harness.json(errors).get("reports").get(0).get("problems")) {
            lineOne |= problem.get("code").asText().equals("NO_ASSISTANT_MESSAGE") && problem.get("line").asInt() == 1;
        }
        assertTrue(lineOne, "the problem is pinned to line 1: " + Harness.json(errors));
        // unchanged, it is not looked at again
        assertEquals(0, sync().code);
        assertEquals(1, h.manifestLines("rejected").size());
    }

    @Test
    void readiness_is_down_while_the_bucket_does_not_exist() throws Exception {
        h.set("filegate.s3.bucket", "no-such-bucket-" + System.nanoTime());
        h.set("filegate.s3.poll-ms", "200");
        org.apache.camel.CamelContext ctx = h.watch();
        filegate.support.Observe o = filegate.support.Observe.of(ctx);
        await().atMost(Duration.ofSeconds(30)).until(() -> o.get("/observe/health/ready").status() == 503
                && o.get("/observe/health/ready").body().contains("does not exist"));
        String ready = o.get("/observe/health/ready").body().replace("\\/", "/");
        assertTrue(ready.contains("does not exist; check filegate.s3.bucket"), ready);
        assertEquals(0, provider.requests().size());
    }

    // --- helpers ---

    record Run(int code, String out, String err) {
    }

    /** Runs --sync in this JVM, capturing what it prints. */
    Run sync() {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = h.sync();
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Puts the objects with a few parallel requests: S3Mock takes a while per object. */
    void seed(Map<String, String> objects) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            objects.forEach((k, v) -> done.add(pool.submit(() -> put(k, v))));
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Puts {@code size} pseudo-random bytes (a seeded 1 MiB block, repeated) without holding them; returns their sha256. */
    String putGenerated(String key, long size, long seed) throws Exception {
        byte[] block = new byte[1 << 20];
        new java.util.Random(seed).nextBytes(block);
        // content sniffing checks what a .pdf starts with
        byte[] pdf = "%PDF-1.4\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(pdf, 0, block, 0, pdf.length);
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        for (long left = size; left > 0; left -= block.length) {
            sha.update(block, 0, (int) Math.min(block.length, left));
        }
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromContentProvider(
                () -> new RepeatingStream(block, size), size, "application/octet-stream"));
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    static String sha256(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** {@code size} bytes of {@code block} over and over. */
    static final class RepeatingStream extends java.io.InputStream {
        private final byte[] block;
        private long left;
        private int pos;

        RepeatingStream(byte[] block, long size) {
            this.block = block;
            this.left = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, left), block.length - pos);
            System.arraycopy(block, pos, b, off, n);
            pos = (pos + n) % block.length;
            left -= n;
            return n;
        }
    }

    void put(String key, String content) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    String get(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    boolean exists(String key) {
        return S3Mock.exists(bucket, key);
    }

    Map<String, String> tags(String key) {
        return S3Mock.tags(bucket, key);
    }

    /** key -> ETag without quotes, every page. */
    Map<String, String> listEtags(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            out.put(o.key(), o.eTag().replace("\"", ""));
        }
        return out;
    }

    void assertEmptySpool() throws Exception {
        Path spool = tmp.resolve("s3-spool");
        if (Files.exists(spool)) {
            try (Stream<Path> s = Files.list(spool)) {
                assertEquals(List.of(), s.toList(), "spool files must be deleted after use");
            }
        }
    }
}
