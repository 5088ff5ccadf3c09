package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.lock.OwnerLock;
import filegate.support.ChildJvm;
import filegate.support.EndToEnd;
import filegate.support.FakeProvider.Response;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;

/**
 * {@code --requeue-failed}: files in .failed/ go back where they were dropped, their reports out of the
 * way into .failed/.requeued/<time>/, one {@code requeued} manifest line each; nothing is overwritten.
 */
class RequeueTest extends EndToEnd {
    private void providerRefusesEverything() {
        provider.answer(r -> r.method().equals("POST")
                ? Response.json(400, "{\"error\":{\"message\":\"Invalid file\",\"code\":\"invalid_file\"}}")
                : provider.openAiFile(r));
    }

    private Harness.Run requeue() {
        return h.runCapturing(List.of("--requeue-failed"));
    }

    /** Files left in .failed/ that a person would see, .requeued/ and dot-files aside. */
    private List<String> stillFailed() throws Exception {
        Path failed = h.inbox.resolve(".failed");
        try (Stream<Path> s = Files.walk(failed)) {
            return s.filter(Files::isRegularFile).map(p -> failed.relativize(p).toString())
                    .filter(p -> !p.startsWith(".")).sorted().toList();
        }
    }

    private List<String> requeuedReports() throws Exception {
        Path root = h.inbox.resolve(".failed/.requeued");
        try (Stream<Path> s = Files.walk(root)) {
            // .requeued/<time>/<path>
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).subpath(1, root.relativize(p)
                    .getNameCount()).toString()).sorted().toList();
        }
    }

    @Test
    void failed_and_rejected_files_go_back_where_they_were_dropped_and_their_reports_out_of_the_way()
            throws Exception {
        providerRefusesEverything();
        String good = Harness.chat("refused once");
        h.drop("fine-tune/a.jsonl", good);
        h.drop("fine-tune/deep/bad.jsonl", "{\"messages\":[]}\n");
        assertEquals(1, h.sync());
        assertEquals(List.of("fine-tune/a.jsonl", "fine-tune/a.jsonl.error.json", "fine-tune/deep/bad.jsonl",
                "fine-tune/deep/bad.jsonl.error.json", "fine-tune/deep/bad.jsonl.errors.json"), stillFailed());

        Harness.Run run = requeue();

        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        assertEquals(List.of(
                "requeued " + h.inbox + "/.failed/fine-tune/a.jsonl -> " + h.inbox + "/fine-tune/a.jsonl",
                "requeued " + h.inbox + "/.failed/fine-tune/deep/bad.jsonl -> " + h.inbox + "/fine-tune/deep/bad.jsonl"),
                run.stdout().lines().filter(l -> l.startsWith("requeued ")).toList());
        assertTrue(run.stdout().lines().anyMatch(l -> l.startsWith("requeue: 2 file(s) moved back, 0 not moved")),
                run.stdout());
        assertEquals(good, Files.readString(h.inbox.resolve("fine-tune/a.jsonl")));
        assertTrue(Files.exists(h.inbox.resolve("fine-tune/deep/bad.jsonl")));
        assertEquals(List.of(), stillFailed());
        assertEquals(List.of("fine-tune/a.jsonl.error.json", "fine-tune/deep/bad.jsonl.error.json",
                "fine-tune/deep/bad.jsonl.errors.json"), requeuedReports());

        List<JsonNode> lines = h.manifestLines("requeued");
        assertEquals(List.of(h.inbox + "/fine-tune/a.jsonl", h.inbox + "/fine-tune/deep/bad.jsonl"),
                lines.stream().map(l -> l.path("source").asText()).toList());
        assertEquals(good.length(), lines.get(0).path("bytes").asLong());
        assertTrue(lines.get(0).path("reason").asText().startsWith("moved back from " + h.inbox
                + "/.failed/fine-tune/a.jsonl by --requeue-failed"), lines.get(0).toString());
        assertEquals(1, provider.uploads().size(), "requeueing sends nothing: the one POST is the refused upload");

        // the next run takes the file again
        provider.answer(provider::openAiFile);
        assertEquals(1, h.sync(), "bad.jsonl is still rejected");
        assertEquals(List.of(h.inbox + "/fine-tune/a.jsonl"),
                h.manifestLines("uploaded").stream().map(l -> l.path("source").asText()).toList());
    }

    @Test
    void a_file_whose_place_is_taken_stays_with_its_reports_and_exits_1() throws Exception {
        providerRefusesEverything();
        h.drop("fine-tune/a.jsonl", Harness.chat("first"));
        assertEquals(1, h.sync());
        h.drop("fine-tune/a.jsonl", Harness.chat("second"));
        assertEquals(1, h.sync());
        // the second failure of the same name went to a~2.jsonl; its report names where it was dropped
        assertEquals(List.of("fine-tune/a.jsonl", "fine-tune/a.jsonl.error.json", "fine-tune/a~2.jsonl",
                "fine-tune/a~2.jsonl.error.json"), stillFailed());

        Harness.Run run = requeue();

        assertEquals(1, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().contains("not moved " + h.inbox + "/.failed/fine-tune/a~2.jsonl: " + h.inbox
                + "/fine-tune/a.jsonl exists"), run.stdout());
        assertTrue(run.stdout().contains("requeue: 1 file(s) moved back, 1 not moved"), run.stdout());
        assertEquals(Harness.chat("first"), Files.readString(h.inbox.resolve("fine-tune/a.jsonl")),
                "nothing is overwritten");
        assertEquals(List.of("fine-tune/a~2.jsonl", "fine-tune/a~2.jsonl.error.json"), stillFailed());
        assertEquals(1, h.manifestLines("requeued").size());
    }

    @Test
    void a_folder_another_filegate_owns_is_left_alone_with_exit_2() throws Exception {
        Path stuck = h.inbox.resolve(".failed/fine-tune/x.jsonl");
        Files.createDirectories(stuck.getParent());
        Files.writeString(stuck, Harness.chat("x"));
        try (OwnerLock other = OwnerLock.acquire(h.inbox.resolve(OwnerLock.FOLDER_LOCK)).lock()) {
            Harness.Run run = requeue();
            assertEquals(2, run.exitCode(), run.stdout());
            List<String> err = run.stderr().lines().toList();
            assertEquals(1, err.size(), run.stderr());
            assertTrue(err.get(0).startsWith("filegate: drop folder " + h.inbox + " is being watched by "), err.get(0));
            assertTrue(err.get(0).endsWith("; stop that process before --requeue-failed (one Filegate process per"
                    + " folder)"), err.get(0));
        }
        assertTrue(Files.exists(stuck));
        assertFalse(Files.exists(h.inbox.resolve("fine-tune/x.jsonl")));
        assertEquals(List.of(), h.manifestLines("requeued"));
    }

    @Test
    void the_command_line_needs_no_api_key_and_prints_what_it_moved() throws Exception {
        Path stuck = h.inbox.resolve(".failed/batch/requests.jsonl");
        Files.createDirectories(stuck.getParent());
        Files.writeString(stuck, Harness.batchLine("r1"));
        ChildJvm.Result r = ChildJvm.run(ChildJvm.projectDir(), Map.of(), h.keylessJvmArgs(), "--requeue-failed");
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertEquals(List.of("requeued " + h.inbox + "/.failed/batch/requests.jsonl -> " + h.inbox
                        + "/batch/requests.jsonl", "requeue: 1 file(s) moved back, 0 not moved (their place is taken)"),
                r.stdout().lines().toList());
        assertEquals(Harness.batchLine("r1"), Files.readString(h.inbox.resolve("batch/requests.jsonl")));
        assertEquals(1, h.manifestLines("requeued").size());
    }
}
