package filegate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.ChildJvm;
import filegate.support.EndToEnd;
import filegate.support.FakeProvider;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;

/**
 * A drop folder others can write to: links that lead out of it are never followed (nothing out there is
 * read, uploaded or moved), and names that cannot be shown get an outcome instead of vanishing. Real
 * links and real names on disk, the real --sync and --dry-run.
 */
class SharedFolderSafetyTest extends EndToEnd {
    private static final String SECRET = Harness.chat("the-secret-outside");

    private Path outside() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(dir.resolve("secret.jsonl"), SECRET);
        return dir;
    }

    private boolean providerSaw(String text) {
        return provider.requests().stream().map(FakeProvider.Request::body)
                .anyMatch(b -> new String(b, StandardCharsets.UTF_8).contains(text));
    }

    private JsonNode refused(String code) {
        return h.manifestLines("unmatched").stream().filter(l -> code.equals(l.path("error").path("code").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no unmatched line with " + code + ": "
                        + h.manifestLines("unmatched")));
    }

    @Test
    void a_link_to_a_file_outside_is_refused_and_the_outside_file_is_neither_sent_nor_moved() throws Exception {
        Path elsewhere = outside();
        h.drop("fine-tune/good.jsonl", Harness.chat("good"));
        Files.createDirectories(h.inbox.resolve("fine-tune"));
        Path link = Files.createSymbolicLink(h.inbox.resolve("fine-tune/evil.jsonl"), elsewhere.resolve("secret.jsonl"));

        Harness.Run run = h.syncCapturing();

        assertEquals(1, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().contains("1 uploaded, 0 duplicate, 0 rejected, 0 failed, 0 unmatched, 1 refused"),
                run.stdout());
        assertEquals(1, provider.requests().size());
        assertFalse(providerSaw("the-secret-outside"), "the outside content reached the provider");
        assertEquals(SECRET, Files.readString(elsewhere.resolve("secret.jsonl")));
        assertTrue(Files.isSymbolicLink(link), "the link stays where it is");
        JsonNode line = refused("LINK_OUTSIDE");
        assertEquals(h.inbox + "/fine-tune/evil.jsonl", line.path("source").asText());
        assertTrue(line.path("reason").asText().contains("leading outside the drop folder"), line.toString());
    }

    @Test
    void a_link_to_a_folder_outside_is_not_descended_and_nothing_there_moves() throws Exception {
        Path elsewhere = outside();
        Files.createDirectories(h.inbox.resolve("fine-tune"));
        Files.createSymbolicLink(h.inbox.resolve("fine-tune/linkdir"), elsewhere);

        assertEquals(1, h.sync());

        assertEquals(0, provider.requests().size());
        assertEquals(SECRET, Files.readString(elsewhere.resolve("secret.jsonl")), "the outside file must stay");
        assertFalse(Files.exists(h.inbox.resolve(".done"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(h.inbox + "/fine-tune/linkdir", refused("LINK_OUTSIDE").path("source").asText());
        // recorded once: a second run counts it again (exit 1) but writes no second line
        assertEquals(1, h.sync());
        assertEquals(1, h.manifestLines("unmatched").size());
    }

    @Test
    void a_link_that_stays_inside_is_taken_as_its_target_and_only_the_link_moves() throws Exception {
        byte[] content = Harness.chat("inside").getBytes(StandardCharsets.UTF_8);
        Path target = h.drop("store/real.raw", content); // no rule takes *.raw: only the link is uploaded
        Files.createDirectories(h.inbox.resolve("fine-tune"));
        Files.createSymbolicLink(h.inbox.resolve("fine-tune/alias.jsonl"), Path.of("../store/real.raw"));

        assertEquals(0, h.sync());

        assertEquals(1, provider.requests().size());
        assertArrayEquals(content, provider.requests().get(0).multipart().part("file").data());
        assertArrayEquals(content, Files.readAllBytes(target), "the target stays where it is");
        assertEquals(1, h.manifestLines("uploaded").size());
    }

    @Test
    void never_refuses_even_a_link_inside_and_always_follows_one_outside() throws Exception {
        Path elsewhere = outside();
        h.drop("store/real.raw", Harness.chat("inside"));
        Files.createDirectories(h.inbox.resolve("fine-tune"));
        Files.createSymbolicLink(h.inbox.resolve("fine-tune/alias.jsonl"), Path.of("../store/real.raw"));

        h.set("filegate.inbox.follow-links", "never");
        assertEquals(1, h.sync());
        assertEquals(0, provider.requests().size());
        assertTrue(refused("LINK_REFUSED").path("reason").asText().contains("follow-links=never"));

        Files.delete(h.inbox.resolve("fine-tune/alias.jsonl"));
        Files.createSymbolicLink(h.inbox.resolve("fine-tune/evil.jsonl"), elsewhere.resolve("secret.jsonl"));
        h.set("filegate.inbox.follow-links", "always");
        assertEquals(0, h.sync());
        assertTrue(providerSaw("the-secret-outside"), "always follows a link wherever it leads (documented as unsafe)");
    }

    @Test
    void a_link_back_to_the_drop_folder_does_not_loop() throws Exception {
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));
        Files.createSymbolicLink(h.inbox.resolve("fine-tune/loop"), h.inbox);
        Files.createSymbolicLink(h.inbox.resolve("fine-tune/done"), Files.createDirectories(h.inbox.resolve(".done")));

        assertEquals(1, h.sync());

        assertEquals(1, provider.requests().size());
        assertEquals(h.inbox + "/fine-tune/loop", refused("LINK_LOOP").path("source").asText());
        assertTrue(refused("LINK_OUTSIDE").path("reason").asText().contains("keeps for itself"));
    }

    @Test
    void a_dry_run_lists_a_refused_link_and_exits_1() throws Exception {
        Path elsewhere = outside();
        Files.createDirectories(h.inbox.resolve("fine-tune"));
        Files.createSymbolicLink(h.inbox.resolve("fine-tune/evil.jsonl"), elsewhere.resolve("secret.jsonl"));

        Harness.Run run = h.runCapturing(List.of("--dry-run"));

        assertEquals(1, run.exitCode(), run.stdout());
        assertTrue(run.stdout().contains("refused: a link leading outside the drop folder"), run.stdout());
        assertEquals(SECRET, Files.readString(elsewhere.resolve("secret.jsonl")));
    }

    @Test
    void a_name_that_is_not_utf8_is_recorded_escaped_and_counted() throws Exception {
        Path dir = Files.createDirectories(h.inbox.resolve("fine-tune"));
        // the JVM cannot create such a name itself: the shell writes the raw bytes 0xFF 0xFE
        Process p = new ProcessBuilder("sh", "-c", "printf x > \"$(printf '\\377\\376bad.jsonl')\"")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, new String(p.getInputStream().readAllBytes()));
        h.drop("fine-tune/good.jsonl", Harness.chat("good"));

        Harness.Run run = h.syncCapturing();

        assertEquals(1, run.exitCode(), run.stdout());
        assertTrue(run.stdout().contains("1 refused"), run.stdout());
        JsonNode line = refused("NAME_NOT_UTF8");
        assertTrue(line.path("source").asText().endsWith("/fine-tune/\\uFFFD\\uFFFDbad.jsonl"), line.toString());
        try (var names = Files.list(dir)) {
            assertEquals(1, names.count(), "the file stays where it is");
        }
    }

    @Test
    void a_newline_in_a_name_cannot_forge_a_log_line() throws Exception {
        h.drop("fine-tune/x.jsonl\n2026-12-04 00:00:00.000 INFO  Outcomes uploaded forged.jsonl", Harness.chat("n"));

        ChildJvm.Result r = ChildJvm.run(ChildJvm.projectDir(), Map.of("OPENAI_API_KEY", Harness.KEY),
                h.keylessJvmArgs(), "--sync");

        assertEquals(1, r.exitCode(), r.stderr());
        assertEquals(0, provider.requests().size());
        assertTrue(r.stderr().lines().noneMatch(l -> l.startsWith("2026-12-04 00:00:00.000")), r.stderr());
        assertTrue(r.stderr().contains("fine-tune/x.jsonl\\n2026-12-04 00:00:00.000 INFO"), r.stderr());
        assertTrue(refused("NAME_CONTROL_CHARS").path("source").asText().contains("x.jsonl\\n2026"));
    }
}
