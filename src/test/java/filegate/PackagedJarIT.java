package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import filegate.support.FakeProvider;
import filegate.support.Harness;
import filegate.support.PackagedJar;
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
        PackagedJar.Run run = PackagedJar.run(tmp, Map.of(), "--version");
        assertEquals(0, run.exit(), run.both());
        assertEquals(List.of("Filegate " + CliTest.pomVersion(),
                "Apache Camel " + new org.apache.camel.impl.DefaultCamelContext(false).getVersion()),
                run.stdout().lines().limit(2).toList());
    }

    @Test
    void the_packaged_jar_runs_from_anywhere_with_a_mounted_config_folder() throws Exception {
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
            PackagedJar.Run run = PackagedJar.run(work, Map.of("FILEGATE_HOME", conf.toString(),
                    "OPENAI_API_KEY", Harness.KEY, "FILEGATE_PROVIDERS_OPENAI_BASE_URL", provider.baseUrl(),
                    "FILEGATE_INBOX_STABLE_MS", "100"), "--sync");
            assertEquals(0, run.exit(), run.both());
            assertTrue(run.stdout().startsWith("filegate sync: 1 uploaded"), run.stdout());
            assertEquals(List.of("GET", "POST"), provider.requests().stream().map(FakeProvider.Request::method).toList(),
                    "the start-up probe, then the upload");
            assertTrue(Files.readString(work.resolve("manifest.jsonl")).contains("\"event\":\"uploaded\""));
            assertTrue(Files.exists(work.resolve("inbox/.done")), run.stderr());
        }
    }
}
