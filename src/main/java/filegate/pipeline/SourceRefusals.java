package filegate.pipeline;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import filegate.manifest.ManifestEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries a source refuses before any rule looks at them (a link leading out of the drop folder, a name
 * that is not valid UTF-8): recorded as {@code unmatched} with an error code, once per version in the
 * manifest as any unmatched file, but counted and logged in every run while they are there, so that a
 * {@code --sync} that met one ends with exit 1 instead of passing over it in silence.
 */
public final class SourceRefusals {
    private static final Logger LOG = LoggerFactory.getLogger("filegate.outcome");

    private final Outcomes outcomes;
    private final Set<String> thisRun = ConcurrentHashMap.newKeySet();

    SourceRefusals(Outcomes outcomes) {
        this.outcomes = outcomes;
    }

    /**
     * @param source the entry as the manifest names it, already escaped for display
     * @param code   stable code (LINK_OUTSIDE, NAME_NOT_UTF8, ...)
     */
    public void refuse(String source, long bytes, String code, String reason) {
        // camel-file may run its filter more than once per entry in one scan
        if (!thisRun.add(source + '\n' + bytes)) {
            return;
        }
        String text = reason + "; it stays where it is";
        Plan plan = outcomes.plan();
        if (plan != null) {
            plan.add(new Plan.Row(source, null, null, null, null, bytes, "unmatched", "refused: " + text));
            return;
        }
        outcomes.stats().add(RunStats.Counter.REFUSED, bytes);
        LOG.warn("refused {} ({} bytes): {} [{}]", source, bytes, text, code);
        if (outcomes.manifest().index().unmatchedRecorded(source, bytes)) {
            return;
        }
        ManifestEntry e = new ManifestEntry("unmatched");
        e.source = source;
        e.bytes = bytes;
        e.reason = text;
        e.error = Map.of("code", code, "message", reason);
        outcomes.manifest().append(e);
    }
}
