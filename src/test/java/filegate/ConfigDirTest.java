package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import filegate.support.ChildJvm;
import filegate.support.FakeProvider;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration mounted somewhere else than the working directory (a container volume, /etc/filegate):
 * {@code --config-dir} or {@code FILEGATE_HOME} names it. The packaged jar run from another folder is
 * checked by PackagedJarIT.
 */
class ConfigDirTest {
    @TempDir
    Path tmp;

    /** A copy of the shipped application.properties and routes/ in {@code tmp/conf}. */
    private Path mountedConfig() throws IOException {
        Path conf = Files.createDirectories(tmp.resolve("conf").resolve("routes")).getParent();
        Path project = ChildJvm.projectDir();
        Files.copy(project.resolve("application.properties"), conf.resolve("application.properties"));
        try (Stream<Path> s = Files.list(project.resolve("routes"))) {
            for (Path p : s.toList()) {
                Files.copy(p, conf.resolve("routes").resolve(p.getFileName()));
            }
        }
        return conf;
    }

    @Test
    void config_dir_flag_reads_application_properties_and_routes_from_that_folder() throws Exception {
        Path conf = mountedConfig();
        Path second = tmp.resolve("second");
        // only the mounted copy watches a second folder and knows a rule for *.notes files
        Files.writeString(conf.resolve("routes/sources.camel.yaml"), "\n- templatedRoute:\n"
                + "    routeTemplateRef: drop-folder\n    routeId: second\n    parameters:\n"
                + "      - name: dir\n        value: \"" + second + "\"\n", StandardOpenOption.APPEND);
        Files.writeString(conf.resolve("application.properties"), "\nfilegate.rules[0].match = **/*.notes\n"
                + "filegate.rules[0].purpose = user_data\nfilegate.rules[0].file-type = txt\n",
                StandardOpenOption.APPEND);
        try (FakeProvider provider = new FakeProvider()) {
            Harness h = new Harness(tmp, provider);
            h.drop("fine-tune/a.jsonl", Harness.chat("{}\n"));
            Path notes = Files.createDirectories(second).resolve("meeting.notes");
            Files.writeString(notes, "minutes");
            Files.setLastModifiedTime(notes, java.nio.file.attribute.FileTime.fromMillis(0));

            assertEquals(0, h.sync("--config-dir", conf.toString()));
            assertEquals(List.of(h.inbox + "/fine-tune/a.jsonl", second + "/meeting.notes"),
                    h.manifestLines("uploaded").stream().map(l -> l.path("source").asText()).sorted().toList());
            assertEquals("rule-0", h.manifestLines("uploaded").stream()
                    .filter(l -> l.path("source").asText().endsWith(".notes")).findFirst().orElseThrow()
                    .path("rule").asText());
        }
    }

    @Test
    void the_flag_beats_filegate_home_which_beats_the_working_directory() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Mode flag = Mode.parse(List.of("--config-dir", a.toString()));
        Mode none = Mode.parse(List.of());
        assertEquals(a, FilegateApp.configDir(flag, Map.of("FILEGATE_HOME", b.toString())));
        assertEquals(b, FilegateApp.configDir(none, Map.of("FILEGATE_HOME", b.toString())));
        assertEquals(Path.of(""), FilegateApp.configDir(none, Map.of()));
        ConfigException e = assertThrows(ConfigException.class,
                () -> FilegateApp.configDir(none, Map.of("FILEGATE_HOME", tmp.resolve("gone").toString())));
        assertEquals("FILEGATE_HOME=" + tmp.resolve("gone") + " is not a folder; it must hold application.properties"
                + " and routes/", e.getMessage());
    }
}
