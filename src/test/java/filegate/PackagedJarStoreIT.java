package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import filegate.support.FakeProvider;
import filegate.support.Harness;
import filegate.support.PackagedJar;
import filegate.support.Postgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/filegate.jar --sync} on the PostgreSQL store, configured only from the
 * environment: the fat jar carries the driver, the pool and the Flyway migrations (found inside the jar).
 */
@ExtendWith(Postgres.class)
class PackagedJarStoreIT {
    @TempDir
    Path tmp;

    @Test
    void the_packaged_jar_migrates_and_uses_the_store_from_environment_settings() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.createDirectories(work.resolve("routes"));
        for (String f : List.of("drop-folder.camel.yaml", "s3-prefix.camel.yaml", "sources.camel.yaml")) {
            Files.copy(Path.of("routes", f), work.resolve("routes").resolve(f));
        }
        Path file = Files.createDirectories(work.resolve("inbox/fine-tune")).resolve("train.jsonl");
        Files.writeString(file, Harness.chat("packaged store"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        String url = Postgres.newDatabase();
        try (FakeProvider provider = new FakeProvider()) {
            PackagedJar.Run run = PackagedJar.run(work, Map.of("OPENAI_API_KEY", Harness.KEY,
                    "FILEGATE_PROVIDERS_OPENAI_BASE_URL", provider.baseUrl(), "FILEGATE_INBOX_STABLE_MS", "100",
                    "FILEGATE_PROBE_ENABLED", "false", "FILEGATE_STORE", url, "FILEGATE_STORE_USER", Postgres.USER,
                    "FILEGATE_STORE_PASSWORD", Postgres.PASSWORD), "--sync");
            assertEquals(0, run.exit(), run.both());
            assertTrue(run.stdout().contains("filegate sync: 1 uploaded"), run.stdout());
            assertEquals(1, Postgres.events(url, "uploaded").size());
            assertTrue(!run.both().contains(Postgres.PASSWORD));
            assertTrue(Files.notExists(work.resolve("manifest.jsonl")));
        }
    }
}
