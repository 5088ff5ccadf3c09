package filegate.lifecycle;

import filegate.provider.ProcessingStatus;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import filegate.ConfigException;
import filegate.Settings;
import filegate.provider.Provider;
import filegate.provider.Providers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which provider instances wait for processing after an upload, and how patiently. Off by default:
 * {@code filegate.await-processed = true} turns it on for every provider that can report processing,
 * {@code filegate.providers.<name>.await-processed} for one instance (and wins over the global one), and
 * {@code filegate.rules[N].await-processed} for the files one naming rule takes (for each of its providers
 * that can report processing and is not set to {@code false} itself).
 *
 * @param readers      provider name → how its file object reads, for every instance that can say
 * @param providersOn  instances that wait for every upload (their own setting, else the global one)
 * @param rulesOn      names of rules whose files wait, at instances not switched off on their own
 * @param timeout      how long after its upload a file may stay unprocessed before it counts as failed
 * @param initialDelay first poll this long after the upload; doubled after each answer that says "not yet"
 * @param maxDelay     the longest pause between two polls of one file
 */
public record AwaitSettings(Map<String, ProcessingStatus.Reader> readers, Set<String> providersOn,
                            Set<String> rulesOn, Duration timeout, Duration initialDelay, Duration maxDelay) {
    private static final Logger LOG = LoggerFactory.getLogger(AwaitSettings.class);
    public static final String GLOBAL = "filegate.await-processed";

    public static AwaitSettings load(Settings s, Providers providers, Collection<String> inUse) {
        boolean global = s.getBoolean(GLOBAL);
        Duration timeout = Duration.ofSeconds(s.getLong(GLOBAL + ".timeout-seconds", 1, 7 * 86_400));
        Duration initial = Duration.ofMillis(s.getLong(GLOBAL + ".initial-delay-ms", 1, 3_600_000));
        Duration max = Duration.ofMillis(s.getLong(GLOBAL + ".max-delay-ms", 1, 3_600_000));
        Map<String, ProcessingStatus.Reader> readers = new LinkedHashMap<>();
        Set<String> on = new java.util.HashSet<>();
        Set<String> off = new java.util.HashSet<>();
        Set<String> rules = new java.util.HashSet<>();
        for (int i : s.indices("filegate.rules")) {
            String p = "filegate.rules[" + i + "].";
            if (s.getBoolean(p + "await-processed", false)) {
                rules.add(s.get(p + "name", "rule-" + i));
            }
        }
        for (String name : Set.copyOf(inUse)) {
            Provider p = providers.get(name);
            String key = Providers.PREFIX + name + ".await-processed";
            boolean own = s.get(key).isPresent();
            boolean wanted = own ? s.getBoolean(key, false) : global;
            if (own && !wanted) {
                off.add(name);
            }
            var reader = ProcessingStatus.of(p.profile());
            reader.ifPresent(r -> readers.put(name, r));
            if (!wanted) {
                continue;
            }
            if (reader.isEmpty()) {
                if (own) {
                    throw new ConfigException(key + "=true is not possible: " + p.who() + "'s file object does not"
                            + " say whether the provider has processed a file; remove the setting (docs/after-upload.md)");
                }
                LOG.warn("{}=true: {} cannot report processing, so its uploads are not waited for"
                        + " (docs/after-upload.md)", GLOBAL, p.who());
                continue;
            }
            on.add(name);
        }
        if (!rules.isEmpty()) {
            // a rule's files wait at the instances that can say; the others are named once
            inUse.stream().distinct().filter(n -> !readers.containsKey(n)).forEach(n -> LOG.warn("await-processed"
                    + " on rule(s) {}: {} cannot report processing, so files sent there are not waited for", rules,
                    providers.get(n).who()));
            readers.keySet().removeIf(off::contains);
        } else {
            readers.keySet().retainAll(on);
        }
        return new AwaitSettings(Map.copyOf(readers), Set.copyOf(on), Set.copyOf(rules), timeout, initial, max);
    }

    public boolean any() {
        return !providersOn.isEmpty() || !rulesOn.isEmpty() && !readers.isEmpty();
    }

    /** Whether an upload of a file the rule {@code rule} took, to {@code provider}, is followed. */
    public boolean awaits(String rule, String provider) {
        return providersOn.contains(provider) || rule != null && rulesOn.contains(rule) && readers.containsKey(provider);
    }
}
