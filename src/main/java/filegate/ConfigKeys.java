package filegate;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every {@code filegate.*} key Filegate reads, in one place, so that a typo stops start-up with the key
 * named and the nearest real one suggested instead of being silently ignored. Code that reads a new
 * key must add it here; a test holds this list and application.properties to each other.
 */
public final class ConfigKeys {
    /** Keys with a fixed name. */
    public static final Set<String> FIXED = Set.copyOf(new TreeSet<>(List.of(
            "filegate.inbox",
            "filegate.inbox.stable-ms",
            "filegate.inbox.poll-ms",
            "filegate.inbox.max-files-per-scan",
            "filegate.inbox.exclude",
            "filegate.inbox.follow-links",
            "filegate.manifest",
            "filegate.provider",
            "filegate.dedup",
            "filegate.retry.max-attempts",
            "filegate.retry.initial-delay-ms",
            "filegate.retry.max-delay-ms",
            "filegate.retry.max-retry-after-seconds",
            "filegate.retry.max-wait-seconds",
            "filegate.reconcile.clock-skew-seconds",
            "filegate.await-processed",
            "filegate.await-processed.timeout-seconds",
            "filegate.await-processed.initial-delay-ms",
            "filegate.await-processed.max-delay-ms",
            "filegate.parallel-files",
            "filegate.progress-seconds",
            "filegate.rules.defaults",
            "filegate.probe.enabled",
            "filegate.probe.interval-seconds",
            "filegate.probe.timeout-ms",
            "filegate.pacing.follow-headers",
            "filegate.tls.trust-store",
            "filegate.tls.trust-store-type",
            "filegate.tls.trust-store-password",
            "filegate.tls.trust-store-only")));

    /**
     * Keys of several nodes on one store, documented in docs/several-nodes.md (not in the README, which
     * lists {@link #FIXED}).
     */
    public static final Set<String> SHARED_STORE = Set.copyOf(new TreeSet<>(List.of(
            "filegate.store",
            "filegate.store.user",
            "filegate.store.password",
            "filegate.store.password-file",
            "filegate.store.pool-size",
            "filegate.store.lease-seconds",
            "filegate.node-id")));

    /** What each {@code filegate.providers.<name>.} block takes. */
    public static final Set<String> PROVIDER_KEYS = Set.copyOf(new TreeSet<>(List.of("type", "base-url", "api-key", "api-key-file",
            "expires-after-seconds", "auth-header", "auth-scheme", "query", "success-codes", "upload-path",
            "max-bytes", "uploads-api", "parts-threshold-bytes", "part-size-bytes", "parts-in-flight",
            "requests-per-minute", "bytes-per-minute", "max-in-flight", "await-processed")));

    /** What each {@code filegate.rules[N].} block takes. */
    public static final Set<String> RULE_KEYS = Set.copyOf(new TreeSet<>(List.of("name", "match", "purpose",
            "file-type", "providers", "expires-after-seconds", "min-bytes", "max-bytes", "await-processed")));

    /**
     * Namespaces checked elsewhere or not at all: {@code filegate.s3.*} belongs to the S3 source, whose
     * keys are checked there; {@code filegate.source.*} are set by Filegate itself for the route templates.
     */
    static final List<String> OPEN_PREFIXES = List.of("filegate.s3.", "filegate.source.");

    static final String PROVIDERS = "filegate.providers.";
    private static final Pattern PROVIDER = Pattern.compile(Pattern.quote(PROVIDERS) + "([^.]+)\\.(.+)");
    private static final Pattern RULE = Pattern.compile("filegate\\.rules\\[(\\d+)]\\.(.+)");

    private ConfigKeys() {
    }

    /** Stops at the first key (in sorted order) that is not a Filegate setting. */
    public static void check(Collection<String> keys) {
        for (String key : new TreeSet<>(keys)) {
            problem(key).ifPresent(message -> {
                throw new ConfigException(message);
            });
        }
    }

    /** Why {@code key} is not a Filegate setting, or empty when it is one. */
    static Optional<String> problem(String key) {
        if (FIXED.contains(key) || SHARED_STORE.contains(key) || OPEN_PREFIXES.stream().anyMatch(key::startsWith)) {
            return Optional.empty();
        }
        Matcher p = PROVIDER.matcher(key);
        if (p.matches()) {
            if (PROVIDER_KEYS.contains(p.group(2))) {
                return Optional.empty();
            }
            String prefix = PROVIDERS + p.group(1) + ".";
            return Optional.of(key + " is not a provider setting" + suggestion(p.group(2), PROVIDER_KEYS, prefix)
                    + "; a provider takes " + String.join(", ", sorted(PROVIDER_KEYS).stream().map(k -> "." + k).toList()));
        }
        Matcher r = RULE.matcher(key);
        if (r.matches()) {
            if (RULE_KEYS.contains(r.group(2))) {
                return Optional.empty();
            }
            String prefix = "filegate.rules[" + r.group(1) + "].";
            return Optional.of(key + " is not a rule setting" + suggestion(r.group(2), RULE_KEYS, prefix)
                    + "; a rule takes " + String.join(", ", sorted(RULE_KEYS).stream().map(k -> "." + k).toList()));
        }
        Set<String> all = new TreeSet<>(FIXED);
        all.addAll(SHARED_STORE);
        return Optional.of(key + " is not a Filegate setting" + suggestion(key, all, "")
                + "; every setting is listed, with its meaning, in the shipped application.properties");
    }

    /** " (did you mean X?)" for the nearest known key when it is near enough to be a typo, else "". */
    private static String suggestion(String key, Set<String> known, String prefix) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : sorted(known)) {
            int d = distance(key.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        // beyond about a third of the key it is a different word, not a typo
        return best != null && bestDistance <= Math.max(2, best.length() / 3)
                ? " (did you mean " + prefix + best + "?)" : "";
    }

    private static List<String> sorted(Set<String> keys) {
        return new TreeSet<>(keys).stream().toList();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * Environment variables that look like Filegate settings but match none ({@code FILEGATE_INBX}):
     * camel maps {@code FILEGATE_INBOX_STABLE_MS} to {@code filegate.inbox.stable-ms}, so a misspelt
     * one is silently ignored. Only warned about: the environment is shared with other software.
     */
    static List<String> unknownEnvironmentVariables(Collection<String> names) {
        return unknownEnvironment(names).stream().map(n -> "environment variable " + n
                + " matches no Filegate setting and is ignored" + suggestion(n, envFixed(), "")
                + "; a setting's variable is FILEGATE_ + its key in upper case, dots and dashes as underscores").toList();
    }

    private static Set<String> envFixed() {
        Set<String> fixed = new TreeSet<>();
        FIXED.forEach(k -> fixed.add(envName(k)));
        SHARED_STORE.forEach(k -> fixed.add(envName(k)));
        return fixed;
    }

    private static List<String> unknownEnvironment(Collection<String> names) {
        Set<String> fixed = envFixed();
        // read by log4j2.properties and by the launcher, not as settings
        fixed.addAll(List.of("FILEGATE_LOG_LEVEL", "FILEGATE_CAMEL_LOG_LEVEL", "FILEGATE_LOG_FORMAT", "FILEGATE_HOME",
                "FILEGATE_MANAGEMENT_PORT"));
        List<String> out = new java.util.ArrayList<>();
        for (String n : new TreeSet<>(names)) {
            if (!n.startsWith("FILEGATE_") || fixed.contains(n) || n.startsWith("FILEGATE_S3_")
                    || n.startsWith("FILEGATE_SOURCE_") || n.startsWith("FILEGATE_RULES_")) {
                continue;
            }
            if (n.startsWith("FILEGATE_PROVIDERS_")
                    && PROVIDER_KEYS.stream().anyMatch(k -> n.endsWith("_" + envName(k)))) {
                continue;
            }
            out.add(n);
        }
        return out;
    }

    /** The environment variable camel reads for a key: upper case, dots and dashes as underscores. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
