package filegate.rules;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Ordered naming rules: the first that matches a file's path relative to its source decides.
 * No match is an explicit outcome ({@link Optional#empty()}), recorded as {@code unmatched}.
 */
public final class Rules {

    /** One rule: a name, a test on the relative path, and what it yields. */
    public record Rule(String name, Set<String> extensions, String folder, String purpose) {
        boolean matches(String relPath, String ext) {
            if (!extensions.contains(ext)) {
                return false;
            }
            if (folder == null) {
                return true;
            }
            String[] segments = relPath.split("/");
            for (int i = 0; i < segments.length - 1; i++) {
                if (segments[i].equals(folder)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final List<Rule> DEFAULTS = List.of(
            new Rule("default:batch-jsonl", Set.of("jsonl"), "batch", "batch"),
            new Rule("default:jsonl", Set.of("jsonl"), null, "fine-tune"),
            new Rule("default:images", Set.of("png", "jpg", "jpeg", "webp", "gif"), null, "vision"),
            new Rule("default:documents", Set.of("pdf", "txt", "md", "docx", "json", "csv"), null, "user_data"));

    private final List<Rule> rules;
    private final List<String> defaultProviders;

    /** @param defaultProviders where a file goes when its rule names no provider (several = fan-out) */
    public Rules(List<String> defaultProviders) {
        this.rules = DEFAULTS;
        this.defaultProviders = List.copyOf(defaultProviders);
    }

    /**
     * @param relPath path relative to the source root, '/'-separated
     * @param size    size in bytes
     */
    public Optional<Classification> classify(String relPath, long size) {
        String ext = extension(relPath);
        for (Rule r : rules) {
            if (r.matches(relPath, ext)) {
                return Optional.of(new Classification(r.purpose(), ext, defaultProviders, null, r.name()));
            }
        }
        return Optional.empty();
    }

    /** Lower-case extension of the last path segment, or "" when there is none. */
    public static String extension(String relPath) {
        String name = relPath.substring(relPath.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
