package filegate;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What {@code --help} and {@code --version} print. Neither reads the configuration nor starts Camel, so
 * both answer even where the configuration is broken.
 */
public final class Usage {
    private Usage() {
    }

    /** The whole {@code --help} text: modes, options, exit codes, where the configuration comes from, docs. */
    public static String help() {
        return """
                Filegate %s: takes files from drop folders and S3 prefixes, checks each one against what the
                AI provider accepts, uploads it to the provider's Files API and records the file id in an
                append-only manifest (manifest.jsonl).

                %s
                %s

                Modes (at most one; none = watch the sources until SIGTERM):
                  (none)             watch; health and metrics on http://127.0.0.1:9876/observe/health, /observe/metrics
                  --sync             take what the sources hold now, upload it, print a summary, exit
                  --dry-run          print what --sync would do; uploads, moves and writes nothing, needs no API key
                  --dry-run --json   the same plan, one JSON object per line
                  --requeue-failed   move the files in each drop folder's .failed/ back to where they were dropped
                                     (their reports go to .failed/.requeued/<time>/); stop the service first
                  --compact-manifest rewrite the manifest to its latest line per source and per content (the old
                                     one stays as <manifest>.bak-<time>); stop the service first
                  --report orphans   files at the provider no manifest line produced, and uploads the provider
                                     no longer has (--json for one object per line); changes nothing
                  --report manifest  one row per source: latest outcome and file id [--since DATE] [--json|--csv]
                  --prune orphans|expired [--apply]
                                     list what --report orphans calls orphan (or expired); with --apply delete
                                     it at the provider, one 'deleted' manifest line each (dry by default)

                Options:
                  --config-dir DIR   read DIR/application.properties and DIR/routes/*.camel.yaml
                  -h, --help         this text
                  --version          Filegate's, Camel's and Java's versions

                Exit codes:
                  0  everything was uploaded or already there (--dry-run: would be; --requeue-failed: all moved back)
                  1  a file failed or was rejected, or the provider could not process it (see .failed/ and the
                     manifest); --prune: a deletion failed; --dry-run: a file would be
                     rejected or matches no rule; --requeue-failed: a file was not moved back (its place is taken)
                  2  configuration or start-up error: one line on stderr names what to fix; also a source that
                     could not be read or an outcome that could not be recorded

                Configuration: application.properties and routes/ in --config-dir DIR, else in $FILEGATE_HOME,
                else in the working directory. Any filegate.* key can be overridden with -Dfilegate.key=value or
                an environment variable (FILEGATE_INBOX for filegate.inbox). API keys come from the environment
                only (OPENAI_API_KEY, TOGETHER_API_KEY, VAERO_API_KEY, or {{env:NAME}} in the file).
                Logs go to stderr (FILEGATE_LOG_LEVEL, FILEGATE_LOG_FORMAT=json); results to stdout.

                Documentation, in Filegate's source tree: README.md, and in docs/: cli.md (modes, exit codes),
                configuration.md (every key), naming-rules.md, providers.md, validation.md (problem codes), s3.md,
                operations.md (service, health, logs), manifest.md, after-upload.md (processing, --report, --prune).
                Ready-made configurations: examples/ (run one with --config-dir examples/NAME).
                """.formatted(filegateVersion(), Mode.USAGE, Mode.INSPECT_USAGE);
    }

    /** {@code --version}: one line each for Filegate, Camel and Java. */
    public static String version() {
        return "Filegate " + filegateVersion() + "\n"
                + "Apache Camel " + camelVersion() + "\n"
                + "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.vm.version") + ", " + System.getProperty("java.vendor") + ")\n";
    }

    /** Written into the jar by Maven's resource filtering: the project version this build is. */
    static String filegateVersion() {
        return property("/filegate/version.properties", "version");
    }

    /** The Camel actually on the class path, read where Camel's own CamelContext.getVersion() reads it. */
    static String camelVersion() {
        return property("/META-INF/maven/org.apache.camel/camel-base-engine/pom.properties", "version");
    }

    private static String property(String resource, String key) {
        try (InputStream in = Usage.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty(key, "unknown");
            // an unfiltered copy (an IDE that skipped Maven's resource step) still says ${...}
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
