package filegate.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload journal as a restarted Filegate reads it back from the manifest file. */
class UploadJournalTest {
    @TempDir
    Path tmp;

    private static ManifestEntry created(String uploadId, String sha) {
        ManifestEntry e = new ManifestEntry("upload-created");
        e.provider = "openai";
        e.purpose = "fine-tune";
        e.sha256 = sha;
        e.bytes = 10_000L;
        e.uploadId = uploadId;
        e.partBytes = 4096L;
        e.parts = 3;
        e.expiresAt = 2_000_000_000L;
        return e;
    }

    private static ManifestEntry part(String uploadId, int n) {
        ManifestEntry e = new ManifestEntry("part-uploaded");
        e.provider = "openai";
        e.uploadId = uploadId;
        e.part = n;
        e.partId = "part_" + n;
        return e;
    }

    /** The manifest a restart opens; its index lives in a file and is read while the manifest is open. */
    private JsonlManifest restarted;

    @AfterEach
    void closeRestarted() {
        if (restarted != null) {
            restarted.close();
        }
    }

    private ManifestIndex reopened(Path file) {
        restarted = new JsonlManifest(file);
        return restarted.index();
    }

    @Test
    void an_unfinished_upload_and_its_confirmed_parts_survive_a_restart() {
        Path file = tmp.resolve("m.jsonl");
        try (JsonlManifest m = new JsonlManifest(file)) {
            m.append(created("upload_1", "aa"));
            m.append(part("upload_1", 1));
            m.append(part("upload_1", 3));
        }
        ManifestIndex.OpenUpload open = reopened(file).openUpload("openai", "fine-tune", "aa").orElseThrow();
        assertEquals("upload_1", open.uploadId());
        assertEquals(4096, open.partBytes());
        assertEquals(2_000_000_000L, open.expiresAt());
        assertEquals(Map.of(1, "part_1", 3, "part_3"), open.parts());
    }

    @Test
    void an_upload_is_closed_by_its_file_or_by_giving_it_up_and_a_newer_one_replaces_it() {
        Path file = tmp.resolve("m.jsonl");
        try (JsonlManifest m = new JsonlManifest(file)) {
            m.append(created("upload_1", "aa"));
            ManifestEntry gaveUp = new ManifestEntry("upload-abandoned");
            gaveUp.provider = "openai";
            gaveUp.uploadId = "upload_1";
            m.append(gaveUp);
            m.append(created("upload_2", "bb"));
            m.append(created("upload_3", "bb"));
            m.append(part("upload_2", 1)); // a late line of the replaced upload counts for nothing
            m.append(created("upload_4", "cc"));
            ManifestEntry done = new ManifestEntry("uploaded");
            done.provider = "openai";
            done.purpose = "fine-tune";
            done.sha256 = "cc";
            done.fileId = "file-1";
            m.append(done);
        }
        ManifestIndex index = reopened(file);
        assertTrue(index.openUpload("openai", "fine-tune", "aa").isEmpty());
        assertEquals("upload_3", index.openUpload("openai", "fine-tune", "bb").orElseThrow().uploadId());
        assertTrue(index.openUpload("openai", "fine-tune", "bb").orElseThrow().parts().isEmpty());
        assertTrue(index.openUpload("openai", "fine-tune", "cc").isEmpty());
    }
}
