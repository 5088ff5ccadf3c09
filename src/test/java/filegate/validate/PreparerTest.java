package filegate.validate;

import filegate.support.ProfileChecks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pass itself: several requests at once, digest and size, batch limits, lines longer than the buffer. */
class PreparerTest {
    @TempDir
    Path tmp;

    static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    @Test
    void one_pass_answers_every_request_in_order_with_size_and_sha256() throws Exception {
        Path f = tmp.resolve("mixed.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            sb.append("{\"messages\": [{\"role\": \"developer\", \"content\": \"d\"}, {\"role\": \"user\", "
                    + "\"content\": \"u\"}, {\"role\": \"assistant\", \"content\": \"a\"}]}\n");
        }
        Files.writeString(f, sb);
        List<ValidationRequest> reqs = List.of(
                ProfileChecks.of("openai", "fine-tune", "jsonl"),
                ProfileChecks.of("together", "fine-tune", "jsonl"),
                ProfileChecks.of("openai", "batch", "jsonl"),
                ProfileChecks.of("impala", "fine-tune", "jsonl", 100),
                ProfileChecks.of("vaero", "fine-tune", "jsonl"));
        Prepared p = Preparer.prepare(f, reqs);
        assertEquals(Files.size(f), p.bytes());
        assertEquals(sha256(f), p.sha256());
        assertEquals("text", p.sniffedType());
        assertEquals(5, p.reports().size());
        for (int i = 0; i < reqs.size(); i++) {
            assertEquals(reqs.get(i), p.reports().get(i).request());
        }
        ValidationReport openai = p.reports().get(0);
        assertTrue(openai.ok(), openai.toString());
        assertEquals("chat", openai.format());
        assertEquals(12, openai.records());
        ValidationReport together = p.reports().get(1);
        assertEquals(12L, together.counts().get(Codes.ROLE_INVALID), "Together has no developer role");
        ValidationReport batch = p.reports().get(2);
        assertEquals("batch", batch.format());
        assertEquals(12L, batch.counts().get(Codes.CUSTOM_ID_MISSING));
        ValidationReport impala = p.reports().get(3);
        assertEquals(List.of(Codes.FILE_TOO_LARGE), impala.problems().stream().map(Problem::code).toList());
        ValidationReport vaero = p.reports().get(4);
        assertEquals(List.of(Codes.TYPE_NOT_ALLOWED), vaero.problems().stream().map(Problem::code).toList());
        assertFalse(p.ok());
    }

    @Test
    void lines_longer_than_the_buffer_are_streamed_for_every_request() throws Exception {
        Path f = tmp.resolve("long.jsonl");
        String big = "x".repeat(300_000);
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 10; i++) {
                String content = i == 4 ? big : "short";
                String role = i == 7 ? "robot" : "user";
                w.write("{\"messages\": [{\"role\": \"" + role + "\", \"content\": \"" + content + "\"}, "
                        + "{\"role\": \"assistant\", \"content\": \"" + (i == 7 ? big : "ok") + "\"}]}\n");
            }
            w.write("{\"messages\": [{\"role\": \"user\", \"content\": \"" + big + "\"");
        }
        List<ValidationRequest> reqs = List.of(ProfileChecks.of("openai", "fine-tune", "jsonl"),
                ProfileChecks.of("together", "fine-tune", "jsonl"));
        for (int buffer : new int[] {4096, 65536, 1 << 20}) {
            Prepared p = Preparer.prepare(f, reqs, new Preparer.Options(buffer, true));
            assertEquals(sha256(f), p.sha256(), "buffer " + buffer);
            for (ValidationReport r : p.reports()) {
                List<String> got = r.problems().stream().map(x -> x.code() + "@" + x.line()).toList();
                assertEquals(List.of("ROLE_INVALID@8", "TRUNCATED_LAST_LINE@11"), got, "buffer " + buffer);
            }
        }
    }

    @Test
    void a_long_last_line_cut_inside_a_literal_is_truncated_not_invalid() throws Exception {
        Path f = tmp.resolve("cut.jsonl");
        Files.writeString(f, "{\"a\": 1}\n{\"b\": \"" + "q".repeat(50_000) + "\", \"c\": fals");
        for (int buffer : new int[] {4096, 1 << 20}) {
            ValidationReport r = Preparer.prepare(f, List.of(ProfileChecks.of("openai", "evals", "jsonl")),
                    new Preparer.Options(buffer, true)).reports().get(0);
            assertEquals(List.of(Codes.TRUNCATED_LAST_LINE + "@2"),
                    r.problems().stream().map(x -> x.code() + "@" + x.line()).toList(), "buffer " + buffer);
        }
    }

    @Test
    void a_bom_on_a_line_longer_than_the_buffer_is_still_reported_once() throws Exception {
        Path f = tmp.resolve("bom.jsonl");
        byte[] line = ("{\"a\": \"" + "y".repeat(10_000) + "\"}\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[line.length + 3];
        all[0] = (byte) 0xEF;
        all[1] = (byte) 0xBB;
        all[2] = (byte) 0xBF;
        System.arraycopy(line, 0, all, 3, line.length);
        Files.write(f, all);
        Prepared p = Preparer.prepare(f, List.of(ProfileChecks.of("openai", "evals", "jsonl")),
                new Preparer.Options(4096, true));
        assertEquals(List.of(new Problem(Codes.UTF8_BOM, 1,
                "the file starts with a UTF-8 byte-order mark; save it without one")), p.reports().get(0).problems());
    }

    @Test
    void a_batch_of_50001_requests_is_refused_at_the_first_one_too_many() throws Exception {
        Path f = tmp.resolve("big.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= 50_001; i++) {
                w.write("{\"custom_id\": \"request-" + i + "\", \"method\": \"POST\", \"url\": \"/v1/embeddings\", "
                        + "\"body\": {\"model\": \"text-embedding-3-small\", \"input\": \"t\"}}\n");
            }
        }
        for (String provider : List.of("openai", "together")) {
            ValidationReport r = Preparer.prepare(f, List.of(ProfileChecks.of(provider, "batch", "jsonl")))
                    .reports().get(0);
            assertEquals(List.of(new Problem(Codes.TOO_MANY_REQUESTS, 50_001,
                    "line 50001 is request 50001; a batch takes at most 50000")), r.problems(), provider);
            assertEquals(50_001, r.records());
        }
    }

    @Test
    void batch_size_limits_are_200_mb_for_openai_and_100_mb_for_together() throws Exception {
        Path f = tmp.resolve("huge.jsonl");
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            // a sparse 150 MB file: over Together's limit, under OpenAI's; its content is irrelevant here
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'x'}), 150_000_000L - 1);
        }
        ValidationRequest tg = ProfileChecks.of("together", "batch", "jsonl");
        ValidationRequest oa = ProfileChecks.of("openai", "batch", "jsonl");
        Prepared p = Preparer.prepare(f, List.of(tg, oa), new Preparer.Options(1 << 20, false));
        assertTrue(p.reports().get(0).counts().containsKey(Codes.FILE_TOO_LARGE));
        assertFalse(p.reports().get(1).counts().containsKey(Codes.FILE_TOO_LARGE));
    }

    @Test
    void duplicate_custom_ids_name_the_first_line_among_many_ids() throws Exception {
        Path f = tmp.resolve("dups.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= 20_000; i++) {
                w.write("{\"custom_id\": \"id-" + (i == 15_000 ? 1234 : i) + "\", \"body\": {}}\n");
            }
        }
        ValidationReport r = Preparer.prepare(f, List.of(ProfileChecks.of("together", "batch", "jsonl")))
                .reports().get(0);
        assertEquals(List.of(new Problem(Codes.DUPLICATE_CUSTOM_ID, 15_000,
                "`custom_id` \"id-1234\" is already used on line 1234")), r.problems());
    }

    @Test
    void a_file_with_invalid_utf8_inside_a_long_line_reports_that_line_only() throws Exception {
        Path f = tmp.resolve("u.jsonl");
        byte[] a = "{\"a\": 1}\n{\"b\": \"".getBytes(StandardCharsets.UTF_8);
        byte[] mid = "z".repeat(20_000).getBytes(StandardCharsets.UTF_8);
        byte[] end = "\"}\n{\"c\": 3}\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + mid.length + 1 + end.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(mid, 0, all, a.length, mid.length);
        all[a.length + mid.length] = (byte) 0xFF;
        System.arraycopy(end, 0, all, a.length + mid.length + 1, end.length);
        Files.write(f, all);
        for (int buffer : new int[] {4096, 1 << 20}) {
            ValidationReport r = Preparer.prepare(f, List.of(ProfileChecks.of("openai", "evals", "jsonl")),
                    new Preparer.Options(buffer, true)).reports().get(0);
            assertEquals(List.of(Codes.INVALID_UTF8 + "@2"),
                    r.problems().stream().map(x -> x.code() + "@" + x.line()).toList(), "buffer " + buffer);
        }
    }
}
