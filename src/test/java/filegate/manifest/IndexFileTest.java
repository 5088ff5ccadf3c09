package filegate.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index beside the journal: kept up to date, caught up from the journal's tail (lines an older
 * Filegate appended), rebuilt when deleted, unreadable or no longer matching the journal; a dry run
 * leaves it alone.
 */
class IndexFileTest {
    @TempDir
    Path tmp;

    static ManifestEntry uploaded(String sha, String fileId) {
        ManifestEntry e = new ManifestEntry("uploaded");
        e.source = "inbox/" + sha + ".jsonl";
        e.provider = "openai";
        e.purpose = "fine-tune";
        e.sha256 = sha;
        e.bytes = 100L;
        e.fileId = fileId;
        return e;
    }

    private static Optional<String> fileId(JsonlManifest m, String sha) {
        return m.index().uploadedFileId("openai", "fine-tune", sha);
    }

    private Path journalOf(String... shas) {
        Path file = tmp.resolve("manifest.jsonl");
        try (JsonlManifest m = new JsonlManifest(file)) {
            for (String sha : shas) {
                m.append(uploaded(sha, "file-" + sha));
            }
        }
        return file;
    }

    @Test
    void lines_an_older_build_appended_are_replayed_from_where_the_index_stopped_and_only_those() throws IOException {
        Path file = journalOf("a", "b", "c");
        assertTrue(Files.isRegularFile(IndexFile.of(file)));
        // line 2 changed in place (same length, neither the first nor the last line the index checks):
        // a start that replayed everything would see file-X
        String text = Files.readString(file);
        Files.writeString(file, text.replace("\"file_id\":\"file-b\"", "\"file_id\":\"file-X\""));
        // an older Filegate, which knows no index, appends a line
        Files.writeString(file, Lines.toLine(uploaded("d", "file-d")) + "\n", StandardOpenOption.APPEND);

        try (JsonlManifest m = new JsonlManifest(file)) {
            assertEquals(Optional.of("file-d"), fileId(m, "d"), "the tail is read");
            assertEquals(Optional.of("file-b"), fileId(m, "b"), "the lines before it are not read again");
            assertEquals(Optional.of("file-a"), fileId(m, "a"));
            m.append(uploaded("e", "file-e"));
        }
        try (JsonlManifest m = new JsonlManifest(file)) {
            assertEquals(Optional.of("file-e"), fileId(m, "e"));
            assertEquals(Optional.of("file-d"), fileId(m, "d"));
        }
        // deleted: rebuilt from the journal as it now reads
        Files.delete(IndexFile.of(file));
        try (JsonlManifest m = new JsonlManifest(file)) {
            assertEquals(Optional.of("file-X"), fileId(m, "b"));
        }
    }

    @Test
    void a_deleted_index_is_rebuilt_from_the_journal() throws IOException {
        Path file = journalOf("a", "b");
        Files.delete(IndexFile.of(file));
        try (JsonlManifest m = new JsonlManifest(file)) {
            assertEquals(Optional.of("file-a"), fileId(m, "a"));
            assertEquals(Optional.of("file-b"), fileId(m, "b"));
            assertTrue(m.index().knownFileId("file-b"));
        }
        assertTrue(Files.isRegularFile(IndexFile.of(file)));
    }

    @Test
    void an_index_that_no_longer_matches_the_journal_is_rebuilt() throws IOException {
        Path file = journalOf("a", "b");
        Path old = tmp.resolve("old-index");
        Files.copy(IndexFile.of(file), old);
        // the journal replaced by another one (restored from elsewhere) that is longer than the indexed part
        Files.writeString(file, Lines.toLine(uploaded("z", "file-z")) + "\n" + Lines.toLine(uploaded("y", "file-y"))
                + "\n" + Lines.toLine(uploaded("x", "file-x")) + "\n");
        try (JsonlManifest m = new JsonlManifest(file)) {
            assertEquals(Optional.empty(), fileId(m, "a"), "nothing of the old journal is left");
            assertEquals(Optional.of("file-y"), fileId(m, "y"));
        }
        // restored to a shorter one
        Files.copy(old, IndexFile.of(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(file, Lines.toLine(uploaded("w", "file-w")) + "\n");
        try (JsonlManifest m = new JsonlManifest(file)) {
            assertEquals(Optional.of("file-w"), fileId(m, "w"));
            assertEquals(Optional.empty(), fileId(m, "z"));
        }
    }

    @Test
    void an_unreadable_index_is_rebuilt() throws IOException {
        Path file = journalOf("a");
        Files.writeString(IndexFile.of(file), "not an index at all");
        try (JsonlManifest m = new JsonlManifest(file)) {
            assertEquals(Optional.of("file-a"), fileId(m, "a"));
        }
    }

    @Test
    void a_line_a_crash_cut_short_is_skipped_and_the_lines_after_it_are_found_at_the_next_start() throws IOException {
        Path file = journalOf("a");
        String cut = Lines.toLine(uploaded("b", "file-b"));
        Files.writeString(file, cut.substring(0, cut.length() / 2), StandardOpenOption.APPEND);
        try (JsonlManifest m = new JsonlManifest(file)) {
            assertEquals(Optional.empty(), fileId(m, "b"));
            m.append(uploaded("c", "file-c"));
        }
        Files.writeString(file, Lines.toLine(uploaded("d", "file-d")) + "\n", StandardOpenOption.APPEND);
        try (JsonlManifest m = new JsonlManifest(file)) {
            assertEquals(Optional.of("file-c"), fileId(m, "c"));
            assertEquals(Optional.of("file-d"), fileId(m, "d"));
            assertEquals(Optional.of("file-a"), fileId(m, "a"));
        }
        assertEquals(4, Files.readString(file).lines().count(), "the cut line ends where the next one starts");
    }

    @Test
    void a_dry_run_reads_the_index_and_the_tail_without_writing_either() throws IOException {
        Path file = journalOf("a");
        Files.writeString(file, Lines.toLine(uploaded("b", "file-b")) + "\n", StandardOpenOption.APPEND);
        byte[] index = Files.readAllBytes(IndexFile.of(file));
        byte[] journal = Files.readAllBytes(file);
        try (JsonlManifest m = new JsonlManifest(file, false)) {
            assertEquals(Optional.of("file-a"), fileId(m, "a"));
            assertEquals(Optional.of("file-b"), fileId(m, "b"));
        }
        assertTrue(java.util.Arrays.equals(index, Files.readAllBytes(IndexFile.of(file))), "index untouched");
        assertTrue(java.util.Arrays.equals(journal, Files.readAllBytes(file)), "journal untouched");

        Path fresh = tmp.resolve("fresh.jsonl");
        Files.write(fresh, journal);
        try (JsonlManifest m = new JsonlManifest(fresh, false)) {
            assertEquals(Optional.of("file-b"), fileId(m, "b"));
        }
        assertFalse(Files.exists(IndexFile.of(fresh)), "a dry run leaves no index behind");
    }
}
