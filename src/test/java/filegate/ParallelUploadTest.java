package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.ChildJvm;
import filegate.support.EndToEnd;
import filegate.support.FakeProvider;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;

/** Several files in flight at once, without sending the same bytes twice or tangling the manifest. */
class ParallelUploadTest extends EndToEnd {
    @Test
    void uploads_the_configured_number_of_files_at_once() {
        int parallel = 4;
        CountDownLatch allIn = new CountDownLatch(parallel);
        FakeProvider.Concurrency uploads = provider.answerHeld(r -> !r.method().equals("GET"), r -> {
            allIn.countDown();
            // hold each answer until `parallel` uploads are open together (or give up after a while)
            allIn.await(10, TimeUnit.SECONDS);
        });
        h.set("filegate.parallel-files", String.valueOf(parallel));
        for (int i = 0; i < 12; i++) {
            h.drop("fine-tune/f" + i + ".jsonl", Harness.chat("f" + i));
        }
        assertEquals(0, h.sync());
        assertEquals(parallel, uploads.most(), "uploads in flight at the same time");
        assertEquals(12, h.manifestLines("uploaded").size());
        assertEquals(12, provider.stored().size());
    }

    @Test
    void copies_of_the_same_bytes_in_flight_together_are_uploaded_once() {
        h.set("filegate.parallel-files", "8");
        for (int i = 0; i < 8; i++) {
            h.drop("fine-tune/copy-" + i + ".jsonl", Harness.chat("same bytes"));
        }
        assertEquals(0, h.sync());
        assertEquals(1, provider.uploads().size(), "one upload, seven duplicates");
        assertEquals(1, h.manifestLines("uploaded").size());
        List<JsonNode> dups = h.manifestLines("duplicate");
        assertEquals(7, dups.size());
        String id = h.manifestLines("uploaded").get(0).get("file_id").asText();
        dups.forEach(d -> assertEquals(id, d.get("file_id").asText()));
    }

    @Test
    void uploaded_lines_carry_prepare_and_upload_times_and_sync_prints_a_table() {
        h.drop("fine-tune/t.jsonl", Harness.chat("t"));
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(out, true));
            assertEquals(0, h.sync());
        } finally {
            System.setOut(old);
        }
        JsonNode line = h.manifestLines("uploaded").get(0);
        assertTrue(line.get("upload_ms").isIntegralNumber() && line.get("upload_ms").asLong() >= 0, line.toString());
        assertTrue(line.get("prepare_ms").isIntegralNumber() && line.get("prepare_ms").asLong() >= 0, line.toString());
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(1).matches("outcome\\s+files\\s+bytes\\s+MB/s"), out.toString());
        assertTrue(lines.get(2).matches("uploaded\\s+1\\s+" + Harness.chat("t").length() + "\\s+\\d+\\.\\d\\d"), out.toString());
        assertEquals(7, lines.size(), out.toString());
    }

    @Test
    void a_long_upload_logs_its_progress() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        provider.answer(r -> {
            if (r.method().equals("POST")) {
                try {
                    never.await(2500, TimeUnit.MILLISECONDS); // a provider slow to answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return provider.openAiFile(r);
        });
        h.drop("fine-tune/slow.jsonl", Harness.chat("slow"));
        ChildJvm.Result r = ChildJvm.run(ChildJvm.projectDir(), Map.of("OPENAI_API_KEY", Harness.KEY),
                List.of("-Dfilegate.inbox=" + h.inbox, "-Dfilegate.manifest=" + h.manifest,
                        "-Dfilegate.inbox.stable-ms=100", "-Dfilegate.progress-seconds=1",
                        "-Dfilegate.providers.openai.base-url=" + provider.baseUrl()), "--sync");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().lines().anyMatch(l -> l.contains("uploading " + h.inbox + "/fine-tune/slow.jsonl -> openai:")
                && l.matches(".*: (\\d+(\\.\\d KiB| B)) of \\1 \\(100%\\), .*/s, ETA .*")), r.stderr());
    }
    @Test
    void a_long_uploads_api_transfer_logs_one_progress_line_for_all_its_parts() throws Exception {
        int part = UploadsApiTest.PART;
        CountDownLatch never = new CountDownLatch(1);
        provider.answer(r -> {
            if (r.path().endsWith("/parts")) {
                try {
                    never.await(700, TimeUnit.MILLISECONDS); // each part answered slowly: the upload lasts seconds
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return provider.openAiFile(r);
        });
        byte[] data = UploadsApiTest.trainingData(3 * part + 100, 7);
        Path file = h.drop("fine-tune/big.jsonl", data);
        ChildJvm.Result r = ChildJvm.run(ChildJvm.projectDir(), Map.of("OPENAI_API_KEY", Harness.KEY),
                List.of("-Dfilegate.inbox=" + h.inbox, "-Dfilegate.manifest=" + h.manifest,
                        "-Dfilegate.inbox.stable-ms=100", "-Dfilegate.progress-seconds=1",
                        "-Dfilegate.providers.openai.parts-threshold-bytes=" + 2 * part,
                        "-Dfilegate.providers.openai.part-size-bytes=" + part,
                        "-Dfilegate.providers.openai.parts-in-flight=1",
                        "-Dfilegate.providers.openai.base-url=" + provider.baseUrl()), "--sync");
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> lines = r.stderr().lines()
                .filter(l -> l.contains("uploading " + file + " -> openai (4 parts): ")).toList();
        assertFalse(lines.isEmpty(), r.stderr());
        // parts are counted together: part way through, the line shows a share of the whole file
        String total = String.format(java.util.Locale.ROOT, "%.1f KiB", data.length / 1024.0);
        assertTrue(lines.stream().anyMatch(l -> l.matches(".*: \\d+\\.\\d KiB of " + total.replace(".", "\\.")
                + " \\(([1-9]|[1-9][0-9])%\\), .*/s, ETA .*")), lines.toString());
    }
}
