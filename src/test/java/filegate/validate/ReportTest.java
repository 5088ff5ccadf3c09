package filegate.validate;

import filegate.support.ProfileChecks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report: first 100 problems listed, every problem counted, a sidecar-ready map. */
class ReportTest {
    @TempDir
    Path tmp;

    @Test
    void lists_the_first_100_problems_but_counts_all_of_them() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            sb.append(i % 2 == 0 ? "not json\n" : "[1]\n");
        }
        Path f = tmp.resolve("bad.jsonl");
        Files.writeString(f, sb);
        ValidationReport r = Preparer.prepare(f, List.of(ProfileChecks.of("openai", "evals", "jsonl")))
                .reports().get(0);
        assertFalse(r.ok());
        assertEquals(100, r.problems().size());
        assertEquals(1000, r.totalProblems());
        assertEquals(Map.of(Codes.NOT_AN_OBJECT, 500L, Codes.INVALID_JSON, 500L), r.counts());
        assertEquals(1, r.problems().get(0).line());
        assertEquals(100, r.problems().get(99).line(), "the first hundred, in line order");
        assertEquals(1000, r.records());
        assertTrue(r.summary().startsWith("1000 problems (NOT_AN_OBJECT x500, INVALID_JSON x500)"), r.summary());
    }

    @Test
    void a_whole_file_problem_found_at_the_end_still_makes_the_list() throws IOException {
        // 9 examples (too few for OpenAI) each with 12 bad messages: 108 line problems, then TOO_FEW_EXAMPLES
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            sb.append("{\"messages\": [");
            for (int m = 0; m < 12; m++) {
                sb.append(m > 0 ? "," : "").append("{\"role\": \"robot\", \"content\": \"x\"}");
            }
            sb.append(", {\"role\": \"assistant\", \"content\": \"y\"}]}\n");
        }
        Path f = tmp.resolve("few.jsonl");
        Files.writeString(f, sb);
        ValidationReport r = Preparer.prepare(f, List.of(ProfileChecks.of("openai", "fine-tune", "jsonl")))
                .reports().get(0);
        assertEquals(109, r.totalProblems());
        assertEquals(108L, r.counts().get(Codes.ROLE_INVALID));
        assertEquals(100, r.problems().size());
        assertEquals(new Problem(Codes.TOO_FEW_EXAMPLES, 0,
                "only 9 examples; OpenAI fine-tuning needs at least 10"), r.problems().get(0));
    }

    @Test
    void one_line_with_a_million_bad_messages_is_counted_without_keeping_them() throws IOException {
        Path f = tmp.resolve("wide.jsonl");
        try (var w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("{\"messages\": [");
            for (int m = 0; m < 200_000; m++) {
                w.write(m > 0 ? ",{\"role\":\"x\",\"content\":\"c\"}" : "{\"role\":\"x\",\"content\":\"c\"}");
            }
            w.write("]}\n");
        }
        ValidationReport r = Preparer.prepare(f, List.of(ProfileChecks.of("together", "fine-tune", "jsonl")))
                .reports().get(0);
        assertEquals(200_000L, r.counts().get(Codes.ROLE_INVALID));
        assertEquals(1L, r.counts().get(Codes.NO_ASSISTANT_MESSAGE));
        assertEquals(100, r.problems().size());
    }

    @Test
    void to_map_is_the_sidecar_shape_and_serialises_as_json() throws IOException {
        Path f = tmp.resolve("b.jsonl");
        Files.writeString(f, "{\"custom_id\": \"a\", \"method\": \"GET\", \"url\": \"/v1/embeddings\", \"body\": {}}\n");
        ValidationReport r = Preparer.prepare(f, List.of(ProfileChecks.of("openai", "batch", "jsonl")))
                .reports().get(0);
        Map<String, Object> m = r.toMap();
        assertEquals(List.of("ok", "provider_type", "purpose", "file_type", "format", "records", "total_problems",
                "counts", "problems", "problems_truncated"), List.copyOf(m.keySet()));
        String json = new ObjectMapper().writeValueAsString(m);
        assertEquals("{\"ok\":false,\"provider_type\":\"openai\",\"purpose\":\"batch\",\"file_type\":\"jsonl\","
                + "\"format\":\"batch\",\"records\":1,\"total_problems\":1,\"counts\":{\"METHOD_INVALID\":1},"
                + "\"problems\":[{\"code\":\"METHOD_INVALID\",\"line\":1,\"message\":\"`method` is \\\"GET\\\"; "
                + "batch requests use \\\"POST\\\"\"}],\"problems_truncated\":false}", json);
    }

    @Test
    void an_unknown_combination_gets_an_ok_report_that_says_it_checked_nothing() throws IOException {
        Path f = tmp.resolve("x.bin");
        Files.write(f, new byte[] {1, 2, 3});
        ValidationReport r = Preparer.prepare(f, List.of(new ValidationRequest("mystery-ai", "karaoke", "bin",
                Long.MAX_VALUE))).reports().get(0);
        assertTrue(r.ok());
        assertEquals("unchecked", r.format());
        ValidationReport nulls = Preparer.prepare(f, List.of(new ValidationRequest(null, null, null,
                Long.MAX_VALUE))).reports().get(0);
        assertTrue(nulls.ok());
    }
}
