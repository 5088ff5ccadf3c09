package filegate.rules;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import filegate.provider.Purposes;

/**
 * One naming rule: a pattern on the path relative to its source (glob, or {@code regex:} with optional
 * named groups {@code purpose}, {@code type} and {@code provider}), an optional size window, and what it
 * yields. Anything the rule leaves open is filled in: the file type from the extension, the providers
 * from {@code filegate.provider}.
 *
 * @param purpose   canonical purpose, or null to take it from the regex group {@code purpose}
 * @param fileType  file type, or null for the extension (or the regex group {@code type})
 * @param providers provider names, or empty for the defaults (or the regex group {@code provider})
 * @param expiresAfterSeconds expiry to ask for, or null
 */
public record Rule(String name, String match, Pattern pattern, long minBytes, long maxBytes, String purpose,
                   String fileType, List<String> providers, Long expiresAfterSeconds) {

    public static Pattern compile(String match) {
        return match.startsWith("regex:")
                ? Pattern.compile(match.substring("regex:".length()))
                : Glob.compile(match.startsWith("glob:") ? match.substring("glob:".length()) : match);
    }

    /** The decision for this path and size, or empty when the rule does not apply. */
    Optional<Classification> apply(String relPath, long size, List<String> defaultProviders) {
        if (size < minBytes || size > maxBytes) {
            return Optional.empty();
        }
        Matcher m = pattern.matcher(relPath);
        if (!m.find()) {
            return Optional.empty();
        }
        String p = purpose != null ? purpose : Purposes.canonical(group(m, "purpose"));
        if (p == null) {
            return Optional.empty();
        }
        String type = fileType != null ? fileType : group(m, "type");
        if (type == null) {
            type = Rules.extension(relPath);
        }
        List<String> to = providers;
        if (to.isEmpty()) {
            String g = group(m, "provider");
            to = g != null ? List.of(g) : defaultProviders;
        }
        return Optional.of(new Classification(p, type.toLowerCase(Locale.ROOT), to, expiresAfterSeconds, name));
    }

    private static String group(Matcher m, String name) {
        // a rule's pattern often has no such group: asking the Matcher anyway throws, and an exception per
        // group per file (its stack trace taken through every Camel frame below) was most of classifying
        if (!m.pattern().pattern().contains("(?<" + name + ">")) {
            return null;
        }
        try {
            String v = m.group(name);
            return v == null || v.isEmpty() ? null : v;
        } catch (IllegalArgumentException noSuchGroup) {
            return null;
        }
    }
}
