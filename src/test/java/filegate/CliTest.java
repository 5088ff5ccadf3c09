package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import filegate.support.ChildJvm;
import filegate.support.EndToEnd;
import filegate.support.Harness;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The command line's conventions, in a child JVM as a person runs it: --help and --version answer on
 * stdout with exit 0, a wrong argument is the usage line and exit 2, and a configuration error is the
 * only thing on stderr.
 */
class CliTest extends EndToEnd {
    private static ChildJvm.Result filegate(Map<String, String> env, List<String> jvmArgs, String... args)
            throws Exception {
        return ChildJvm.run(ChildJvm.projectDir(), env, jvmArgs, args);
    }

    @Test
    void help_and_h_print_the_usage_on_stdout_and_exit_0() throws Exception {
        for (String flag : List.of("--help", "-h")) {
            // answered even next to other arguments, and before any configuration is read
            ChildJvm.Result r = filegate(Map.of(), List.of(), "--sync", flag);
            assertEquals(0, r.exitCode(), flag + ": " + r.stderr());
            assertEquals("", r.stderr(), flag);
            String out = r.stdout();
            assertTrue(out.contains(Mode.USAGE), out);
            for (String part : List.of("--sync", "--dry-run --json", "--requeue-failed", "--config-dir DIR",
                    "--version", "Exit codes:", "  0  ", "  1  ", "  2  ", "$FILEGATE_HOME", "working directory",
                    "-Dfilegate.key=value", "OPENAI_API_KEY", "docs/", "configuration.md", "examples/")) {
                assertTrue(out.contains(part), "--help does not mention " + part + ":\n" + out);
            }
        }
    }

    @Test
    void version_names_filegate_camel_and_java_and_exits_0() throws Exception {
        ChildJvm.Result r = filegate(Map.of(), List.of(), "--version");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("", r.stderr());
        List<String> lines = r.stdout().lines().toList();
        assertEquals(3, lines.size(), r.stdout());
        assertEquals("Filegate " + pomVersion(), lines.get(0));
        assertEquals("Apache Camel " + new DefaultCamelContext(false).getVersion(), lines.get(1));
        assertTrue(lines.get(2).startsWith("Java " + System.getProperty("java.version") + " ("), lines.get(2));
    }

    @Test
    void a_wrong_argument_prints_the_usage_line_on_stderr_and_exits_2() throws Exception {
        ChildJvm.Result r = filegate(Map.of(), List.of(), "--synk");
        assertEquals(2, r.exitCode());
        assertEquals("", r.stdout());
        assertEquals(List.of("filegate: unknown argument '--synk'; " + Mode.USAGE), r.stderr().lines().toList());
    }

    @Test
    void a_configuration_error_is_the_only_line_on_stderr() throws Exception {
        // found late in the start: after the provider lines and the environment warning were logged
        ChildJvm.Result r = filegate(Map.of("OPENAI_API_KEY", Harness.KEY, "FILEGATE_INBX", "typo"),
                h.keylessJvmArgs("-Dfilegate.probe.enabled=true",
                        "-Dfilegate.providers.openai.base-url=http://127.0.0.1:" + Harness.freeLoopbackPort() + "/v1"),
                "--sync");
        assertEquals(2, r.exitCode(), r.stderr());
        List<String> lines = r.stderr().lines().toList();
        assertEquals(1, lines.size(), "nothing but the error: " + r.stderr());
        assertTrue(lines.get(0).startsWith("filegate: provider openai refuses connections"), lines.get(0));
        assertEquals("", r.stdout());
    }

    @Test
    void a_good_start_still_logs_what_it_held_back_in_order() throws Exception {
        h.drop("fine-tune/a.jsonl", Harness.chat("held"));
        ChildJvm.Result r = filegate(Map.of("FILEGATE_INBX", "typo"), h.keylessJvmArgs(), "--dry-run");
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        List<String> lines = r.stderr().lines().toList();
        int warning = indexOf(lines, "environment variable FILEGATE_INBX matches no Filegate setting");
        int provider = indexOf(lines, "provider openai: openai POST");
        int started = indexOf(lines, "filegate planning (dry run");
        assertTrue(warning >= 0 && provider > warning && started > provider, r.stderr());
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    /** The project's own version, as pom.xml says it. */
    static String pomVersion() throws Exception {
        Matcher m = Pattern.compile("<artifactId>filegate</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find(), "no version in pom.xml");
        return m.group(1);
    }
}
