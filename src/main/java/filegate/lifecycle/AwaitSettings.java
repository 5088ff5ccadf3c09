package filegate.lifecycle;

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
 * {@code filegate.providers.<name>.await-processed} for one instance (and wins over the global one).
 *
 * @param readers      provider name → how its file object reads, for the instances that wait
 * @param timeout      how long after its upload a file may stay unprocessed before it counts as failed
 * @param initialDelay first poll this long after the upload; doubled after each answer that says "not yet"
 * @param maxDelay     the longest pause between two polls of one file
 */
public record AwaitSettings(Map<String, ProcessingStatus.Reader> readers, Duration timeout, Duration initialDelay,
                            Duration maxDelay) {
    private static final Logger LOG = LoggerFactory.getLogger(AwaitSettings.class);
    public static final String GLOBAL = "filegate.await-processed";

    public static AwaitSettings load(Settings s, Providers providers, Collection<String> inUse) {
        boolean global = s.getBoolean(GLOBAL, false);
        Duration timeout = Duration.ofSeconds(s.getLong(GLOBAL + ".timeout-seconds", 3600, 1, 7 * 86_400));
        Duration initial = Duration.ofMillis(s.getLong(GLOBAL + ".initial-delay-ms", 2000, 1, 3_600_000));
        Duration max = Duration.ofMillis(s.getLong(GLOBAL + ".max-delay-ms", 60_000, 1, 3_600_000));
        Map<String, ProcessingStatus.Reader> readers = new LinkedHashMap<>();
        for (String name : Set.copyOf(inUse)) {
            Provider p = providers.get(name);
            String key = Providers.PREFIX + name + ".await-processed";
            boolean own = s.get(key).isPresent();
            if (!(own ? s.getBoolean(key, false) : global)) {
                continue;
            }
            var reader = ProcessingStatus.of(p.profile());
            if (reader.isEmpty()) {
                if (own) {
                    throw new ConfigException(key + "=true is not possible: " + p.who() + "'s file object does not"
                            + " say whether the provider has processed a file; remove the setting (docs/after-upload.md)");
                }
                LOG.warn("{}=true: {} cannot report processing, so its uploads are not waited for"
                        + " (docs/after-upload.md)", GLOBAL, p.who());
                continue;
            }
            readers.put(name, reader.get());
        }
        return new AwaitSettings(Map.copyOf(readers), timeout, initial, max);
    }

    public boolean any() {
        return !readers.isEmpty();
    }

    public boolean awaits(String provider) {
        return readers.containsKey(provider);
    }
}
