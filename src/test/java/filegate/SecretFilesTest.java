package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import filegate.support.ChildJvm;
import filegate.support.EndToEnd;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;

/**
 * Keys from files, as containers and systemd hand them over, and a word of warning for a key written into
 * the configuration; the key itself never shows anywhere.
 */
class SecretFilesTest extends EndToEnd {
    private static final String FILE_KEY = "fg-file-secret-0815";

    private Path keyFile(String perms) throws Exception {
        Path f = tmp.resolve("secrets/openai-key");
        Files.createDirectories(f.getParent());
        Files.writeString(f, FILE_KEY + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    private void assertKeyNowhere(String key, ChildJvm.Result r) throws Exception {
        assertEquals(List.of(), (r.stdout() + r.stderr()).lines().filter(l -> l.contains(key)).toList());
        try (Stream<Path> s = Files.walk(tmp.resolve("inbox"))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1).contains(key), p.toString());
            }
        }
        assertFalse(Files.readString(h.manifest).contains(key));
    }

    @Test
    void api_key_file_is_read_without_its_trailing_newline() throws Exception {
        h.props.remove("filegate.providers.openai.api-key");
        h.set("filegate.providers.openai.api-key-file", keyFile("rw-------").toString());
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));

        assertEquals(0, h.sync());

        assertEquals("Bearer " + FILE_KEY, provider.requests().get(0).header("authorization"));
    }

    @Test
    void the_variables_file_convention_works_and_a_file_others_may_read_is_warned_about() throws Exception {
        Path f = keyFile("rw-r--r--");
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));

        ChildJvm.Result r = ChildJvm.run(ChildJvm.projectDir(), Map.of("OPENAI_API_KEY_FILE", f.toString()),
                h.keylessJvmArgs("-Dfilegate.probe.enabled=false"), "--sync");

        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("Bearer " + FILE_KEY, provider.requests().get(0).header("authorization"));
        assertTrue(r.stderr().lines().anyMatch(l -> l.contains("WARN") && l.contains(f + " (OPENAI_API_KEY_FILE) can be"
                + " read by every user (mode rw-r--r--)")), r.stderr());
        assertKeyNowhere(FILE_KEY, r);
    }

    @Test
    void a_key_written_into_application_properties_gives_one_warning_naming_the_setting_not_the_value() throws Exception {
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(conf.resolve("application.properties"),
                "filegate.providers.openai.api-key = " + Harness.KEY + "\n");
        Path routes = Files.createDirectories(conf.resolve("routes"));
        try (Stream<Path> s = Files.list(ChildJvm.projectDir().resolve("routes"))) {
            for (Path p : s.toList()) {
                Files.copy(p, routes.resolve(p.getFileName()));
            }
        }
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));

        ChildJvm.Result r = ChildJvm.run(ChildJvm.projectDir(), Map.of(),
                h.keylessJvmArgs("-Dfilegate.probe.enabled=false"), "--sync", "--config-dir", conf.toString());

        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(1, r.stderr().lines().filter(l -> l.contains("WARN")
                && l.contains("filegate.providers.openai.api-key holds the API key itself")).count(), r.stderr());
        assertKeyNowhere(Harness.KEY, r);
    }
}
