package filegate.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import filegate.ConfigException;
import filegate.Settings;
import filegate.provider.Purposes;

/**
 * Ordered naming rules: the first that matches a file's path relative to its source decides. The
 * user's rules ({@code filegate.rules[N].*}, in index order) come before the built-in defaults. No match
 * is an explicit outcome ({@link Optional#empty()}), recorded as {@code unmatched}.
 */
public final class Rules {
    /** Every word a rule or a folder may use for a purpose (see {@link Purposes}). */
    public static final Set<String> PURPOSES = Purposes.words();

    private static final String IMAGES = "{png,jpg,jpeg,webp,gif}";
    private static final String DOCUMENTS = "{pdf,txt,md,docx,json,csv}";

    /** Built-in layouts, tried after the user's rules. */
    static final List<String[]> DEFAULTS = List.of(
            // name, match, purpose (null = from the regex group)
            // any provider's word for a purpose, so a layout made for Together (eval/, batch-api/) is read as
            // meant; longest first, so batch-api is not read as batch
            new String[] {"default:purpose-folder", "regex:^(?<purpose>" + PURPOSES.stream()
                    .sorted(java.util.Comparator.comparing(String::length).reversed()
                            .thenComparing(java.util.Comparator.naturalOrder()))
                    .map(java.util.regex.Pattern::quote).collect(java.util.stream.Collectors.joining("|")) + ")/", null},
            new String[] {"default:batch-suffix", "**/*.batch.jsonl", "batch"},
            new String[] {"default:train-suffix", "**/*.train.jsonl", "fine-tune"},
            new String[] {"default:batch-folder", "**/{batch,batch-api}/**/*.jsonl", "batch"},
            new String[] {"default:evals-folder", "**/{evals,eval}/**/*.{jsonl,csv}", "evals"},
            new String[] {"default:jsonl", "**/*.jsonl", "fine-tune"},
            new String[] {"default:parquet", "**/*.parquet", "fine-tune"},
            new String[] {"default:images", "**/*." + IMAGES, "vision"},
            new String[] {"default:documents", "**/*." + DOCUMENTS, "user_data"});

    private final List<Rule> rules;
    private final List<String> defaultProviders;

    /** Provider instances that exist; null until known (then every name counts as configured). */
    private final Set<String> configured;

    public Rules(List<Rule> rules, List<String> defaultProviders) {
        this(rules, defaultProviders, null);
    }

    private Rules(List<Rule> rules, List<String> defaultProviders, Set<String> configured) {
        this.rules = List.copyOf(rules);
        this.defaultProviders = List.copyOf(defaultProviders);
        this.configured = configured == null ? null : Set.copyOf(configured);
    }

    /** The same rules, knowing which provider instances are configured (a regex may name any). */
    public Rules withProviders(Set<String> configuredProviders) {
        return new Rules(rules, defaultProviders, configuredProviders);
    }

    /**
     * Why a classification cannot be delivered at all, or empty: a regex {@code provider} group named an
     * instance that is not configured. Such a file is refused on its own; the run goes on.
     */
    public Optional<String> undeliverable(Classification c) {
        if (configured == null) {
            return Optional.empty();
        }
        List<String> missing = c.providers().stream().filter(p -> !configured.contains(p)).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("rule " + c.rule() + " sends it to provider '" + String.join("', '", missing)
                + "', which is not configured (configured: " + String.join(", ", new TreeSet<>(configured))
                + "); fix the rule, or configure filegate.providers." + missing.get(0) + ".type");
    }

    /** Only the built-in defaults. */
    public Rules(List<String> defaultProviders) {
        this(defaults(), defaultProviders);
    }

    /** Reads {@code filegate.rules[N].*} (then the defaults unless {@code filegate.rules.defaults=false}). */
    public static Rules load(Settings s, List<String> defaultProviders) {
        List<Rule> list = new ArrayList<>();
        for (int i : s.indices("filegate.rules")) {
            list.add(userRule(s, "filegate.rules[" + i + "].", i));
        }
        if (s.getBoolean("filegate.rules.defaults")) {
            list.addAll(defaults());
        }
        return new Rules(list, defaultProviders);
    }

    private static Rule userRule(Settings s, String p, int index) {
        String name = s.get(p + "name", "rule-" + index);
        String match = s.get(p + "match").orElseThrow(() -> new ConfigException(
                p + "match is not set: every rule needs a glob (e.g. fine-tune/**/*.jsonl) or regex:..."));
        java.util.regex.Pattern pattern;
        try {
            pattern = Rule.compile(match);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(p + "match=" + match + " is not a valid pattern: " + e.getMessage()
                    .lines().findFirst().orElse(""));
        }
        String purpose = s.get(p + "purpose").map(Purposes::canonical).orElse(null);
        if (purpose != null && !PURPOSES.contains(purpose)) {
            throw new ConfigException(p + "purpose=" + purpose + " is not allowed; allowed: "
                    + String.join(", ", new TreeSet<>(PURPOSES)));
        }
        if (purpose == null && !pattern.pattern().contains("(?<purpose>")) {
            throw new ConfigException(p + "purpose is not set (and " + p
                    + "match has no (?<purpose>...) group); allowed: " + String.join(", ", new TreeSet<>(PURPOSES)));
        }
        Long expiry = s.get(p + "expires-after-seconds").isPresent()
                ? s.getLong(p + "expires-after-seconds", 0, 3600, 2_592_000) : null;
        long min = s.getLong(p + "min-bytes", 0, 0, Long.MAX_VALUE);
        long max = s.getLong(p + "max-bytes", Long.MAX_VALUE, 0, Long.MAX_VALUE);
        return new Rule(name, match, pattern, min, max, purpose,
                s.get(p + "file-type").map(t -> t.toLowerCase(Locale.ROOT)).orElse(null),
                s.list(p + "providers", ""), expiry);
    }

    static List<Rule> defaults() {
        List<Rule> list = new ArrayList<>();
        for (String[] d : DEFAULTS) {
            list.add(new Rule(d[0], d[1], Rule.compile(d[1]), 0, Long.MAX_VALUE, d[2], null, List.of(), null));
        }
        return list;
    }

    /**
     * @param relPath path relative to the source root, '/'-separated
     * @param size    size in bytes
     */
    public Optional<Classification> classify(String relPath, long size) {
        for (Rule r : rules) {
            // the first rule that matches decides, also when its purpose is a word no provider takes: the
            // file is then refused for that reason, never handed to a catch-all rule with another purpose
            Optional<Classification> c = r.apply(relPath, size, defaultProviders);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    /** Every provider name a rule may send to (for start-up checks). */
    public Set<String> providerNames() {
        Set<String> names = new TreeSet<>(defaultProviders);
        rules.forEach(r -> names.addAll(r.providers()));
        return names;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Lower-case extension of the last path segment, or "" when there is none. */
    public static String extension(String relPath) {
        String name = relPath.substring(relPath.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
