package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.ChildJvm;
import filegate.support.EndToEnd;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;

/**
 * A manifest that cannot take an outcome: the source must stay where it is, and the next run must
 * settle it from the provider's file list instead of uploading it again.
 */
class ManifestFailureTest extends EndToEnd {
    private static final long LIMIT_KIB = 256;

    @Test
    void an_outcome_the_manifest_cannot_take_leaves_the_source_in_place_and_the_next_run_settles_it() throws Exception {
        var file = h.drop("fine-tune/train.jsonl", Harness.chat("full"));
        // blank lines (skipped on replay) up to just below the child's file size limit: the intent line
        // (about 380 bytes here) still fits, the longer outcome line does not
        Files.writeString(h.manifest, "\n".repeat((int) (LIMIT_KIB * 1024 - 450)));
        List<String> jvm = h.jvmArgs();

        ChildJvm.Result full = ChildJvm.start(ChildJvm.projectDir(), Map.of(), LIMIT_KIB, jvm, "--sync").finish(120);
        assertNotEquals(0, full.exitCode(), full.stderr());
        assertTrue(full.stderr().contains("cannot append to manifest " + h.manifest.toAbsolutePath()), full.stderr());
        assertTrue(Files.exists(file), "the source stays where it is while its outcome is not on disk");
        assertEquals(1, provider.uploads().size(), "the upload itself went through");
        // what did fit: the intent, and the start of the outcome line cut off at the limit (as by a crash)
        List<String> lines = Files.readString(h.manifest).strip().lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("intent", Harness.JSON.readTree(lines.get(0)).get("event").asText());
        assertTrue(lines.get(1).startsWith("{") && !lines.get(1).endsWith("}"), lines.get(1));

        // room again: the open intent makes the next run look at the provider's list first
        Files.writeString(h.manifest, Files.readString(h.manifest).stripLeading());
        ChildJvm.Result next = ChildJvm.run(ChildJvm.projectDir(), Map.of(), jvm, "--sync");
        assertEquals(0, next.exitCode(), next.stderr());
        assertTrue(next.stderr().contains("line 2 is not valid JSON and is ignored"), next.stderr());
        assertEquals(1, provider.uploads().size(), "not uploaded a second time");
        List<JsonNode> uploaded = Files.readString(h.manifest).lines().filter(l -> l.contains("\"uploaded\""))
                .filter(l -> l.endsWith("}")).map(ManifestFailureTest::json).toList();
        assertEquals(1, uploaded.size());
        assertTrue(uploaded.get(0).path("reconciled").asBoolean(), uploaded.get(0).toString());
        assertFalse(Files.exists(file), "moved to .done once its outcome is durable");
    }

    @Test
    void a_sync_whose_manifest_takes_no_line_leaves_every_file_in_place_and_ends_instead_of_taking_them_again()
            throws Exception {
        // one file per scan: each file that stays behind would be found again by the next scan
        h.set("filegate.inbox.max-files-per-scan", "1");
        List<java.nio.file.Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            files.add(h.drop("fine-tune/f" + i + ".jsonl", Harness.chat("f" + i)));
        }
        // full to the child's file size limit: not even an intent line fits, so nothing may be sent
        Files.writeString(h.manifest, "\n".repeat((int) (LIMIT_KIB * 1024)));

        ChildJvm.Result full = ChildJvm.start(ChildJvm.projectDir(), Map.of(), LIMIT_KIB, h.jvmArgs(), "--sync")
                .finish(120);

        assertNotEquals(0, full.exitCode(), full.stderr());
        assertTrue(full.stderr().contains("cannot append to manifest"), full.stderr());
        files.forEach(f -> assertTrue(Files.exists(f), f + " stays where it is"));
        assertEquals(0, provider.uploads().size(), "nothing is sent without its intent on disk");
        for (var f : files) {
            assertEquals(1, full.stderr().lines().filter(l -> l.startsWith("filegate: " + f + " stays where it is"))
                    .count(), "each file tried once in the run, and named: " + full.stderr());
        }
        assertEquals(3, full.stderr().lines().filter(l -> l.contains(" ERROR ") && l.contains("-> openai: cannot append"))
                .count(), "one line per file in the log: " + full.stderr());
    }

    private static JsonNode json(String line) {
        try {
            return Harness.JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
