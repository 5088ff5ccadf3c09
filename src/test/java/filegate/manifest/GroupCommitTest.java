package filegate.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSONL manifest's group commit: one force makes every line written before it durable. */
class GroupCommitTest {
    @TempDir
    Path dir;

    private static ManifestEntry line(int n) {
        ManifestEntry e = new ManifestEntry("uploaded");
        e.source = "inbox/f" + n + ".jsonl";
        e.provider = "openai";
        e.purpose = "fine-tune";
        e.sha256 = String.format("%064d", n);
        e.fileId = "file-" + n;
        return e;
    }

    @Test
    void severalOutcomeLinesShareOneForceAndEachWaiterIsReleasedOnlyAfterIt() throws Exception {
        Path path = dir.resolve("manifest.jsonl");
        JsonlManifest m = new JsonlManifest(path);
        try {
            List<Long> positions = new ArrayList<>();
            for (int n = 1; n <= 5; n++) {
                positions.add(m.appendLater(line(n)));
            }
            assertEquals(0, m.forces(), "appendLater writes, it does not force");
            // what each waiter saw when it was released: how many forces had happened by then
            List<Long> forcesAtRelease = new CopyOnWriteArrayList<>();
            List<CompletableFuture<Void>> waits = new ArrayList<>();
            for (int i = positions.size() - 1; i >= 0; i--) {
                waits.add(m.whenDurable(positions.get(i)).thenRun(() -> forcesAtRelease.add(m.forces())));
            }
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            assertEquals(1, m.forces(), "five lines written before the force: one force for all");
            assertEquals(List.of(1L, 1L, 1L, 1L, 1L), forcesAtRelease, "no waiter released before the force");
            assertEquals(5, Files.readAllLines(path).size());

            // a line written after that force needs one more, and append() waits for it
            m.append(line(6));
            assertEquals(2, m.forces());
            assertTrue(m.whenDurable(positions.get(4)).isDone(), "an already durable position waits for nothing");
        } finally {
            m.close();
        }
    }
}
