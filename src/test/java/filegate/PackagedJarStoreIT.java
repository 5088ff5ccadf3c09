package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import filegate.support.FakeProvider;
import filegate.support.Harness;
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
        Path jar = Path.of("target", "filegate.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "run after the package phase: " + jar);
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
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString(), "--sync").directory(work.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI") || k.startsWith("FILEGATE")
                    || k.startsWith("CAMEL") || k.endsWith("_API_KEY"));
            pb.environment().put("OPENAI_API_KEY", Harness.KEY);
            pb.environment().put("FILEGATE_PROVIDERS_OPENAI_BASE_URL", provider.baseUrl());
            pb.environment().put("FILEGATE_INBOX_STABLE_MS", "100");
            pb.environment().put("FILEGATE_PROBE_ENABLED", "false");
            pb.environment().put("FILEGATE_STORE", url);
            pb.environment().put("FILEGATE_STORE_USER", Postgres.USER);
            pb.environment().put("FILEGATE_STORE_PASSWORD", Postgres.PASSWORD);
            File out = tmp.resolve("out.txt").toFile();
            File err = tmp.resolve("err.txt").toFile();
            Process p = pb.redirectOutput(out).redirectError(err).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("filegate.jar did not finish");
            }
            String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), stdout + stderr);
            assertTrue(stdout.contains("filegate sync: 1 uploaded"), stdout);
            assertEquals(1, Postgres.events(url, "uploaded").size());
            assertTrue(!stdout.contains(Postgres.PASSWORD) && !stderr.contains(Postgres.PASSWORD));
            assertTrue(Files.notExists(work.resolve("manifest.jsonl")));
        }
    }
}
