package filegate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import filegate.support.EndToEnd;
import filegate.support.Harness;
import filegate.support.Postgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** --import-manifest and --export-manifest: a JSONL history into the store and back, each line once. */
@ExtendWith(Postgres.class)
class ManifestTransferTest extends EndToEnd {
    @Test
    void a_jsonl_history_goes_into_the_store_once_answers_dedup_there_and_comes_back_out_unchanged()
            throws Exception {
        // a history written by the embedded store, with a line a crash cut short at its end
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));
        h.drop("fine-tune/b.jsonl", Harness.chat("b"));
        h.drop("other/a-copy.jsonl", Harness.chat("a"));
        h.drop("batch/notes.txt", "not jsonl");
        assertEquals(1, h.sync());
        List<String> history = Files.readAllLines(h.manifest, StandardCharsets.UTF_8);
        Files.writeString(h.manifest, "{\"ts\":\"2026-01-01T00:00:00Z\",\"event\":\"uplo", StandardOpenOption.APPEND);
        assertEquals(2, provider.uploads().size());

        String url = Postgres.newDatabase();
        Postgres.use(h, url);
        Harness.Run first = h.runCapturing(List.of("--import-manifest", h.manifest.toString()));
        assertEquals(0, first.exitCode(), first.stderr());
        assertTrue(first.stdout().contains("imported " + history.size() + " line(s) from " + h.manifest),
                first.stdout());
        assertTrue(first.stdout().contains("0 were there already, 1 not valid JSON (skipped)"), first.stdout());
        assertTrue(first.stderr().contains("line " + (history.size() + 1) + " is not valid JSON"), first.stderr());

        Harness.Run again = h.runCapturing(List.of("--import-manifest", h.manifest.toString()));
        assertEquals(0, again.exitCode(), again.stderr());
        assertTrue(again.stdout().contains("imported 0 line(s)") && again.stdout().contains(history.size()
                + " were there already"), again.stdout());
        assertEquals(history.size(), Postgres.events(url).size(), "importing twice adds nothing");

        Path out = tmp.resolve("exported.jsonl");
        Harness.Run export = h.runCapturing(List.of("--export-manifest", out.toString()));
        assertEquals(0, export.exitCode(), export.stderr());
        assertEquals(history, Files.readAllLines(out, StandardCharsets.UTF_8), "every line as it was written");
        assertTrue(export.stdout().contains("exported " + history.size() + " line(s)"), export.stdout());

        // the imported history is the store's: the same bytes again are a duplicate of the imported upload
        h.drop("later/a-again.jsonl", Harness.chat("a"));
        Harness.Run sync = h.syncCapturing();
        assertEquals(0, sync.exitCode(), sync.stdout() + sync.stderr());
        assertTrue(sync.stdout().contains("0 uploaded, 1 duplicate"), sync.stdout());
        assertEquals(2, provider.uploads().size());

        // an exported store runs the embedded manifest: nothing is sent again from it either
        h.props.remove("filegate.store");
        h.set("filegate.manifest", out.toString());
        h.drop("again/b-again.jsonl", Harness.chat("b"));
        Harness.Run jsonl = h.syncCapturing();
        assertTrue(jsonl.stdout().contains("0 uploaded, 1 duplicate"), jsonl.stdout());
        assertEquals(2, provider.uploads().size());
        assertTrue(!first.stdout().contains(Postgres.PASSWORD) && !first.stderr().contains(Postgres.PASSWORD));
    }

    @Test
    void importing_or_exporting_without_a_store_or_with_a_missing_file_exits_2_and_says_why() throws Exception {
        Harness.Run none = h.runCapturing(List.of("--import-manifest", h.manifest.toString()));
        assertEquals(2, none.exitCode());
        assertTrue(none.stderr().contains("--import-manifest works on the shared store: set filegate.store="),
                none.stderr());
        Postgres.use(h, Postgres.newDatabase());
        Harness.Run missing = h.runCapturing(List.of("--import-manifest", tmp.resolve("nope.jsonl").toString()));
        assertEquals(2, missing.exitCode());
        assertTrue(missing.stderr().contains("nope.jsonl"), missing.stderr());
        Harness.Run bad = h.runCapturing(List.of("--export-manifest"));
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stderr().contains("--export-manifest needs a file"), bad.stderr());
    }
}
