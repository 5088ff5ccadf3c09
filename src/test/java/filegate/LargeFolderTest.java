package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.EndToEnd;
import filegate.support.Harness;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/**
 * A drop folder with more files than one scan takes: it is read in batches, so the files held in memory
 * at once stay bounded however many the folder has, and a one-shot run still takes every file once.
 */
class LargeFolderTest extends EndToEnd {
    private static final int FILES = 40;

    @Test
    void a_sync_takes_a_folder_larger_than_one_scan_in_batches_holding_only_a_few_files_at_once() throws Exception {
        h.set("filegate.inbox.max-files-per-scan", "5").set("filegate.parallel-files", "2");
        for (int i = 0; i < FILES; i++) {
            h.drop("fine-tune/f" + i + ".jsonl", Harness.chat("f" + i));
        }
        h.drop("notes/readme.xyz", "no rule takes this");
        AtomicReference<CamelContext> running = new AtomicReference<>();
        AtomicInteger mostHeld = new AtomicInteger();
        provider.answer(r -> {
            CamelContext ctx = running.get();
            if (ctx != null) {
                // files taken from the folder and not finished yet: every one is an exchange in flight
                mostHeld.accumulateAndGet(ctx.getInflightRepository().size(), Math::max);
            }
            return provider.openAiFile(r);
        });

        FilegateApp app = new FilegateApp(List.of("--sync"), h.props);
        CompletableFuture<Integer> sync = CompletableFuture.supplyAsync(app::run);
        running.set(app.awaitStarted(30, TimeUnit.SECONDS));
        int code = sync.get(120, TimeUnit.SECONDS);

        assertEquals(0, code);
        assertEquals(FILES, provider.uploads().size());
        assertEquals(FILES, h.manifestLines("uploaded").size());
        assertEquals(1, h.manifestLines("unmatched").size(), "the unmatched file is recorded once, not per scan");
        assertEquals(FILES, uploadedSources().size(), "every file once");
        // one scan (5) being handed over, 5 waiting, 2 uploading and 1 taken by the scanning thread itself,
        // plus a few whose outcome line is waiting for its fsync; all 40 at once before batches
        assertTrue(mostHeld.get() <= 5 + 5 + 2 + 1 + 4, "files held at once: " + mostHeld.get());
    }

    @Test
    void a_dry_run_of_a_folder_larger_than_one_scan_plans_every_file_once() throws Exception {
        h.set("filegate.inbox.max-files-per-scan", "3");
        for (int i = 0; i < 10; i++) {
            h.drop("fine-tune/f" + i + ".jsonl", Harness.chat("f" + i));
        }

        Harness.Run run = h.runCapturing(List.of("--dry-run", "--json"));

        assertEquals(0, run.exitCode(), run.stderr());
        List<String> lines = run.stdout().strip().lines().toList();
        Set<String> files = new TreeSet<>();
        for (String line : lines) {
            files.add(Harness.JSON.readTree(line).get("source").asText());
        }
        assertEquals(10, lines.size(), run.stdout());
        assertEquals(10, files.size(), "each file planned once: " + files);
    }

    private Set<String> uploadedSources() {
        Set<String> sources = new TreeSet<>();
        List<JsonNode> lines = new ArrayList<>(h.manifestLines("uploaded"));
        lines.forEach(l -> sources.add(l.get("source").asText()));
        return sources;
    }
}
