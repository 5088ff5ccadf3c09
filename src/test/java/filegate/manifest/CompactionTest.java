package filegate.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import filegate.FilegateApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --compact-manifest}: the latest line per source and per content stays, in order, and the
 * compacted journal answers every look-up as the original did; the old journal is kept as a backup; a
 * failure leaves the original as it was; a manifest some process owns is not touched.
 */
class CompactionTest {
    @TempDir
    Path tmp;

    private static ManifestEntry line(String event, String source, String sha, String fileId, String attempt) {
        ManifestEntry e = new ManifestEntry(event);
        e.source = source;
        e.provider = "openai";
        e.purpose = "fine-tune";
        e.sha256 = sha;
        e.bytes = 100L;
        e.fileId = fileId;
        e.attempt = attempt;
        return e;
    }

    /** A history with lines that no longer say anything and lines that still do. */
    private Path history() {
        Path file = tmp.resolve("manifest.jsonl");
        try (JsonlManifest m = new JsonlManifest(file)) {
            // a: sent once, then found again as a duplicate from three copies, then again from the first name
            m.append(line("intent", "inbox/a.jsonl", "a", null, "a1"));
            m.append(line("uploaded", "inbox/a.jsonl", "a", "file-a", "a1"));
            for (int i = 0; i < 3; i++) {
                m.append(line("duplicate", "inbox/copy" + i + "/a.jsonl", "a", "file-a", null));
            }
            m.append(line("duplicate", "inbox/a.jsonl", "a", "file-a", null));
            // b: failed, then uploaded (the failure is no longer the latest word on inbox/b.jsonl)
            m.append(line("intent", "inbox/b.jsonl", "b", null, "b1"));
            m.append(line("failed", "inbox/b.jsonl", "b", null, "b1"));
            m.append(line("intent", "inbox/b.jsonl", "b", null, "b2"));
            m.append(line("uploaded", "inbox/b.jsonl", "b", "file-b", "b2"));
            // c: an intent a crash left open; d: rejected
            m.append(line("intent", "inbox/c.jsonl", "c", null, "c1"));
            m.append(line("rejected", "inbox/d.jsonl", "d", null, null));
            // e: an S3 version that failed for one provider and was uploaded for another
            ManifestEntry s3 = line("uploaded", "s3://b/e.jsonl", "e", "file-e", null);
            s3.etag = "etag-e";
            m.append(s3);
            ManifestEntry s3failed = line("failed", "s3://b/e.jsonl", "e", null, null);
            s3failed.etag = "etag-e";
            s3failed.provider = "together";
            m.append(s3failed);
            // f: uploaded with an expiry, later re-uploaded under a new id because the first expired
            ManifestEntry f1 = line("uploaded", "inbox/f.jsonl", "f", "file-f1", null);
            f1.expiresAt = 1_700_000_000L;
            m.append(f1);
            ManifestEntry f2 = line("uploaded", "inbox/f.jsonl", "f", "file-f2", null);
            f2.replaces = "file-f1";
            m.append(f2);
            ManifestEntry gone = line("gone", null, "f", "file-f1", null);
            m.append(gone);
            ManifestEntry unmatched = new ManifestEntry("unmatched");
            unmatched.source = "inbox/readme.txt";
            unmatched.bytes = 7L;
            m.append(unmatched);
            m.append(unmatched);
        }
        return file;
    }

    @Test
    void keeps_the_latest_line_per_source_and_content_and_answers_as_before() throws IOException {
        Path file = history();
        byte[] before = Files.readAllBytes(file);
        Compaction.Result r = new Compaction(file).run(Instant.parse("2026-12-04T05:00:00Z"));

        assertEquals(19, r.linesBefore());
        List<String> events = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            ManifestEntry e = Lines.parse(l);
            events.add(e.event + " " + (e.source == null ? e.fileId : e.source)
                    + ("together".equals(e.provider) ? " " + e.provider : ""));
        }
        assertEquals(List.of(
                "duplicate inbox/copy0/a.jsonl", "duplicate inbox/copy1/a.jsonl", "duplicate inbox/copy2/a.jsonl",
                "duplicate inbox/a.jsonl",
                "uploaded inbox/b.jsonl",
                "intent inbox/c.jsonl",
                "rejected inbox/d.jsonl",
                "uploaded s3://b/e.jsonl", "failed s3://b/e.jsonl together",
                "uploaded inbox/f.jsonl", "uploaded inbox/f.jsonl", "gone file-f1",
                "unmatched inbox/readme.txt"), events);
        assertEquals(r.linesAfter(), events.size());
        assertEquals(Map.of("intent", 3L, "uploaded", 1L, "failed", 1L, "unmatched", 1L), r.dropped());

        Path backup = tmp.resolve("manifest.jsonl.bak-2026-12-04T05-00-00Z");
        assertEquals(backup, r.backup());
        assertArrayEquals(before, Files.readAllBytes(backup), "the old journal is kept as it was");
        try (JsonlManifest m = new JsonlManifest(file)) {
            StoreIndex i = m.index();
            assertEquals(Optional.of("file-a"), i.uploadedFileId("openai", "fine-tune", "a"));
            assertEquals(Optional.of("file-f2"), i.uploadedFileId("openai", "fine-tune", "f"));
            assertTrue(i.knownFileId("file-f1"), "an older id of ours is still ours");
            assertEquals(Optional.of(1_700_000_000L), i.expiresAt("file-f1"));
            assertTrue(i.gone("file-f1"));
            assertEquals("c1", i.openIntent("openai", "fine-tune", "c").orElseThrow().attempt);
            assertEquals(1, i.openIntentCount());
            assertTrue(i.versionDone("s3://b/e.jsonl", "etag-e"));
            assertTrue(i.versionFailed("s3://b/e.jsonl", "etag-e"));
            assertTrue(i.unmatchedRecorded("inbox/readme.txt", 7));
        }
        assertEquals(List.of("manifest.jsonl", "manifest.jsonl.bak-2026-12-04T05-00-00Z", "manifest.jsonl.index",
                "manifest.jsonl.lock"), listing());

        Compaction.Result again = new Compaction(file).run(Instant.parse("2026-12-04T06:00:00Z"));
        assertEquals(null, again.backup(), "nothing left to drop: left as it is, no second backup");
    }

    @Test
    void a_failure_before_the_swap_leaves_the_manifest_as_it_was_and_no_backup() throws IOException {
        Path file = history();
        byte[] before = Files.readAllBytes(file);
        Compaction c = new Compaction(file);
        c.beforeSwap = () -> {
            throw new IllegalStateException("disk gone");
        };
        assertThrows(IllegalStateException.class, () -> c.run(Instant.now()));
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("manifest.jsonl", "manifest.jsonl.index", "manifest.jsonl.lock"), listing());
        try (JsonlManifest m = new JsonlManifest(file)) {
            assertEquals(Optional.of("file-b"), m.index().uploadedFileId("openai", "fine-tune", "b"));
        }
    }

    @Test
    void a_manifest_a_running_filegate_owns_is_not_touched() throws IOException {
        Path file = history();
        byte[] before = Files.readAllBytes(file);
        try (JsonlManifest running = new JsonlManifest(file)) {
            ManifestInUseException e = assertThrows(ManifestInUseException.class,
                    () -> new Compaction(file).run(Instant.now()));
            assertTrue(e.getMessage().contains("is in use by Filegate pid " + ProcessHandle.current().pid()),
                    e.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void the_command_line_reports_what_it_dropped_and_where_the_old_manifest_is() throws IOException {
        Path file = history();
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = new FilegateApp(List.of("--compact-manifest", "--config-dir", tmp.toString()),
                    Map.of("filegate.manifest", file.toString())).run();
        } finally {
            System.setOut(stdout);
        }
        String said = out.toString(StandardCharsets.UTF_8);
        assertEquals(FilegateApp.OK, code, said);
        assertTrue(said.startsWith("filegate: compacted " + file + ": 19 line(s) -> 13, "), said);
        assertTrue(said.contains("; dropped 1 failed, 3 intent, 1 unmatched, 1 uploaded; the old manifest is "
                + file + ".bak-"), said);
        assertFalse(Files.exists(tmp.resolve("manifest.jsonl.compact-tmp")));
    }

    private List<String> listing() throws IOException {
        try (var s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
