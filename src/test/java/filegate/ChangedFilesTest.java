package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.EndToEnd;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;

/**
 * A file written to while the provider is still receiving it: the provider's copy is recorded for what it
 * is (a {@code changed} line, never an upload of the validated bytes, never a dedup answer), the file is
 * not archived, and the next run sends its new version.
 */
class ChangedFilesTest extends EndToEnd {

    /** Runs {@code change} once, while the provider holds the first upload and has not answered yet. */
    private void changeDuringFirstUpload(Runnable change) {
        AtomicBoolean first = new AtomicBoolean(true);
        provider.answer(r -> {
            if (r.method().equals("POST") && first.getAndSet(false)) {
                change.run();
            }
            return provider.openAiFile(r);
        });
    }

    private static void old(Path p) {
        try {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(60)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void a_file_appended_to_during_its_upload_is_recorded_as_changed_and_stays_for_its_new_version() throws Exception {
        Path file = h.drop("fine-tune/grow.jsonl", Harness.chat("first"));
        String more = Harness.chat("appended");
        changeDuringFirstUpload(() -> {
            try {
                Files.writeString(file, more, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        Harness.Run run = h.syncCapturing();

        assertEquals(1, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stderr().contains("grow.jsonl changed while it was being sent and stays for the next run"),
                run.stderr());
        assertTrue(Files.exists(file), "a changed file is never archived");
        assertFalse(Files.exists(h.inbox.resolve(".done")));
        assertEquals(0, h.manifestLines("uploaded").size());
        JsonNode changed = h.manifestLines("changed").get(0);
        assertEquals("file-1", changed.path("file_id").asText());
        assertTrue(changed.path("reason").asText().contains("its size went from"), changed.toString());

        old(file);
        assertEquals(0, h.sync());

        assertEquals(2, provider.requests().size());
        JsonNode uploaded = h.manifestLines("uploaded").get(0);
        assertEquals(Files.size(h.inbox.resolve(".done").resolve(
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString()).resolve("fine-tune/grow.jsonl")),
                uploaded.path("bytes").asLong());
        assertEquals((Harness.chat("first") + more).length(), uploaded.path("bytes").asLong());
    }

    @Test
    void a_byte_overwritten_in_place_is_caught_and_the_original_bytes_are_no_dedup_answer() throws Exception {
        String original = Harness.chat("same-size");
        Path file = h.drop("fine-tune/edit.jsonl", original);
        changeDuringFirstUpload(() -> {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.seek(original.indexOf("same-size"));
                raf.write('S');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        assertEquals(1, h.sync());
        assertTrue(Files.exists(file));
        assertTrue(h.manifestLines("changed").get(0).path("reason").asText().contains("written to"),
                h.manifestLines("changed").toString());

        // the original bytes come back: the provider never held them validated, so they are sent, not skipped
        Files.writeString(file, original, StandardCharsets.UTF_8);
        old(file);
        assertEquals(0, h.sync());
        assertEquals(2, provider.requests().size());
        assertEquals(1, h.manifestLines("uploaded").size());
        assertEquals(0, h.manifestLines("duplicate").size());
    }
}
