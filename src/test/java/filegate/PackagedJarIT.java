package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import filegate.support.FakeProvider;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/filegate.jar} from a folder that is not the project: configuration in a
 * mounted folder named by FILEGATE_HOME, data in the working directory, only the jar on the class path.
 */
class PackagedJarIT {
    @TempDir
    Path tmp;

    @Test
    void the_packaged_jar_knows_its_own_version_and_camels() throws Exception {
        Path jar = Path.of("target", "filegate.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "run after the package phase: " + jar);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "--version").directory(tmp.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "filegate.jar --version did not finish");
        assertEquals(0, p.exitValue(), out);
        assertEquals(List.of("Filegate " + CliTest.pomVersion(),
                "Apache Camel " + new org.apache.camel.impl.DefaultCamelContext(false).getVersion()),
                out.lines().limit(2).toList());
    }

    @Test
    void the_packaged_jar_runs_from_anywhere_with_a_mounted_config_folder() throws Exception {
        Path jar = Path.of("target", "filegate.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "run after the package phase: " + jar);
        Path conf = Files.createDirectories(tmp.resolve("etc-filegate").resolve("routes")).getParent();
        Files.copy(Path.of("application.properties"), conf.resolve("application.properties"));
        try (Stream<Path> s = Files.list(Path.of("routes"))) {
            for (Path p : s.toList()) {
                Files.copy(p, conf.resolve("routes").resolve(p.getFileName()));
            }
        }
        Path work = Files.createDirectories(tmp.resolve("var-lib-filegate"));
        Path file = Files.createDirectories(work.resolve("inbox/fine-tune")).resolve("train.jsonl");
        Files.writeString(file, filegate.support.Harness.chat("packaged"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));

        try (FakeProvider provider = new FakeProvider()) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", jar.toString(), "--sync"));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI") || k.startsWith("FILEGATE")
                    || k.startsWith("CAMEL") || k.endsWith("_API_KEY"));
            pb.environment().put("FILEGATE_HOME", conf.toString());
            pb.environment().put("OPENAI_API_KEY", Harness.KEY);
            pb.environment().put("FILEGATE_PROVIDERS_OPENAI_BASE_URL", provider.baseUrl());
            pb.environment().put("FILEGATE_INBOX_STABLE_MS", "100");
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
            assertTrue(stdout.startsWith("filegate sync: 1 uploaded"), stdout);
            assertEquals(List.of("GET", "POST"), provider.requests().stream().map(FakeProvider.Request::method).toList(),
                    "the start-up probe, then the upload");
            assertTrue(Files.readString(work.resolve("manifest.jsonl")).contains("\"event\":\"uploaded\""));
            assertTrue(Files.exists(work.resolve("inbox/.done")), stderr);
        }
    }
}
