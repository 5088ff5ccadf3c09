package filegate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import filegate.manifest.Compaction;
import filegate.manifest.ManifestException;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * {@code --compact-manifest}: the embedded manifest rewritten to its latest state per source and per
 * content ({@link Compaction}), read from the settings a run would use. No source is polled, no provider
 * called.
 */
final class CompactManifestRun {
    private CompactManifestRun() {
    }

    /** @return 0 compacted (or nothing to drop), 2 the manifest is in use, missing, or could not be compacted */
    static int run(Path properties, Map<String, String> overrides, PrintStream out, PrintStream err) {
        Path manifest;
        DefaultCamelContext context = new DefaultCamelContext();
        try {
            // the settings as a run would read them: the config folder's file, -D, FILEGATE_* variables
            context.getPropertiesComponent().setLocation("file:" + properties + ";optional=true");
            Properties o = new Properties();
            o.putAll(overrides);
            context.getPropertiesComponent().setOverrideProperties(o);
            Settings s = Settings.of(context);
            if (s.get("filegate.store").isPresent()) {
                err.println("filegate: --compact-manifest works on the embedded manifest (filegate.manifest); with"
                        + " filegate.store set the lines live in PostgreSQL, which needs no compaction");
                return FilegateApp.CONFIG_ERROR;
            }
            manifest = s.path("filegate.manifest");
        } finally {
            // nothing was started: closing only releases what reading the settings loaded
            context.stop();
        }
        try {
            Compaction.Result r = new Compaction(manifest).run(Instant.now());
            if (r.backup() == null) {
                out.printf("filegate: %s: nothing to drop (%d line(s), each still the latest word on something);"
                        + " left as it is%n", manifest, r.linesBefore());
                return FilegateApp.OK;
            }
            String dropped = r.dropped().entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                    .collect(Collectors.joining(", "));
            out.printf("filegate: compacted %s: %d line(s) -> %d, %s -> %s; dropped %s; the old manifest is %s"
                            + " (delete it once you no longer need it)%n", manifest, r.linesBefore(), r.linesAfter(),
                    size(r.bytesBefore()), size(r.bytesAfter()), dropped, r.backup());
            return FilegateApp.OK;
        } catch (ManifestException e) {
            err.println("filegate: " + e.getMessage());
            return FilegateApp.CONFIG_ERROR;
        } catch (IOException e) {
            err.println("filegate: cannot compact " + manifest.toAbsolutePath() + " (" + e + "); nothing was changed");
            return FilegateApp.CONFIG_ERROR;
        }
    }

    private static String size(long bytes) {
        return bytes >= 10L << 20 ? (bytes >> 20) + " MB"
                : bytes >= 10L << 10 ? (bytes >> 10) + " KB" : bytes + " bytes";
    }
}
