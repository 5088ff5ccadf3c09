package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import filegate.support.StartupRefusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every configuration error stops Filegate with one line naming the key (or flag) and what is allowed,
 * exit code 2, before a file is touched or a request is sent.
 */
class ConfigErrorsTest extends StartupRefusal {
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "filegate.inbox.stabel-ms | 300"
                + " | filegate.inbox.stabel-ms is not a Filegate setting (did you mean filegate.inbox.stable-ms?);"
                + " every setting is listed, with its meaning, in the shipped application.properties",
        "filegate.retries.max-attempts | 3"
                + " | filegate.retries.max-attempts is not a Filegate setting (did you mean filegate.retry.max-attempts?);"
                + " every setting is listed, with its meaning, in the shipped application.properties",
        "filegate.colour | blue"
                + " | filegate.colour is not a Filegate setting; every setting is listed, with its meaning, in the"
                + " shipped application.properties",
        "filegate.rules[3].purpse | batch"
                + " | filegate.rules[3].purpse is not a rule setting (did you mean filegate.rules[3].purpose?); a rule"
                + " takes .await-processed, .expires-after-seconds, .file-type, .match, .max-bytes, .min-bytes, .name, .providers, .purpose",
        "filegate.providers.openai.baseurl | http://127.0.0.1:9/v1"
                + " | filegate.providers.openai.baseurl is not a provider setting (did you mean"
                + " filegate.providers.openai.base-url?); a provider takes .api-key, .api-key-file, .auth-header, .auth-scheme,"
                + " .await-processed, .base-url, .bytes-per-minute, .expires-after-seconds, .max-bytes, .max-in-flight,"
                + " .part-size-bytes, .parts-in-flight, .parts-threshold-bytes, .query, .requests-per-minute, .success-codes,"
                + " .type, .upload-path, .uploads-api",
        "filegate.inbox.poll-ms | fast"
                + " | filegate.inbox.poll-ms=fast is not allowed: expected a whole number from 1 to 86400000",
        "filegate.probe.enabled | yes"
                + " | filegate.probe.enabled=yes is not allowed: expected true or false",
        "filegate.probe.interval-seconds | 0"
                + " | filegate.probe.interval-seconds=0 is not allowed: expected a whole number from 1 to 86400",
        "filegate.probe.timeout-ms | 10s"
                + " | filegate.probe.timeout-ms=10s is not allowed: expected a whole number from 100 to 600000",
        "filegate.dedup | never"
                + " | filegate.dedup=never is not allowed: expected skip, verify or upload-anyway",
    })
    void a_bad_setting_is_one_line_naming_the_key_and_exit_2(String key, String value, String message) {
        h.set(key, value);
        assertEquals(message, refused());
    }

    @Test
    void the_s3_namespace_is_left_to_the_s3_source() {
        h.set("filegate.s3.poll-ms", "60000");
        assertEquals(0, h.sync());
    }

    @Test
    void an_inbox_that_is_a_file_is_refused() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        h.set("filegate.inbox", file.toString());
        assertEquals("filegate.inbox=" + file + " is not a folder", refused());
    }

    @Test
    void an_inbox_that_cannot_be_created_is_refused() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        h.set("filegate.inbox", file.resolve("inbox").toString());
        assertEquals("filegate.inbox=" + file.resolve("inbox") + " cannot be created: " + file
                + " is a file, not a folder", refused());
    }

    @Test
    void a_manifest_that_cannot_be_written_is_refused() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        h.set("filegate.manifest", file.resolve("manifest.jsonl").toString());
        String line = refused();
        assertTrue(line.startsWith("filegate.manifest=" + file.resolve("manifest.jsonl") + " cannot be opened ("),
                line);
        assertTrue(line.endsWith("); it must be a file in a folder this user can write"), line);
    }

    @Test
    void a_management_port_in_use_is_refused_naming_the_key() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            h.set("camel.management.enabled", "true").set("camel.management.port", String.valueOf(taken.getLocalPort()));
            String line = refused();
            assertTrue(line.startsWith("camel.management.port=" + taken.getLocalPort() + " cannot be used on"
                    + " 127.0.0.1 ("), line);
            assertTrue(line.endsWith("): stop whatever holds it, choose another port (0 = any free one), or set"
                    + " camel.management.enabled=false"), line);
        }
    }

    @Test
    void a_config_dir_without_routes_is_refused() throws Exception {
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        assertEquals("routes folder " + conf.resolve("routes") + " does not exist"
                + " (camel.main.routes-include-pattern=file:" + conf.resolve("routes") + "/*.camel.yaml; run Filegate"
                + " from the folder holding application.properties and routes/, or name that folder with --config-dir"
                + " or FILEGATE_HOME)", refused("--config-dir", conf.toString()));
    }

    @Test
    void a_routes_folder_without_route_files_is_refused() throws Exception {
        Path conf = Files.createDirectories(tmp.resolve("conf").resolve("routes")).getParent();
        Files.writeString(conf.resolve("routes").resolve("README.txt"), "not a route");
        assertEquals("routes folder " + conf.resolve("routes") + " has no *.camel.yaml file, so Filegate would have"
                + " no sources (camel.main.routes-include-pattern=file:" + conf.resolve("routes") + "/*.camel.yaml;"
                + " run Filegate from the folder holding application.properties and routes/, or name that folder with"
                + " --config-dir or FILEGATE_HOME)", refused("--config-dir=" + conf));
    }

    @Test
    void a_config_dir_that_does_not_exist_is_refused() {
        Path nowhere = tmp.resolve("nowhere");
        assertEquals("--config-dir " + nowhere + " is not a folder; it must hold application.properties and routes/",
                refused("--config-dir", nowhere.toString()));
    }

    @Test
    void a_config_dir_flag_without_a_folder_is_refused() {
        assertEquals("--config-dir needs a folder (the one holding application.properties and routes/); usage:"
                + " java -jar filegate.jar [--sync | --dry-run [--json] | --requeue-failed | --compact-manifest]"
                + " [--config-dir DIR]"
                + " | --help | --version", refused("--config-dir"));
    }
}
