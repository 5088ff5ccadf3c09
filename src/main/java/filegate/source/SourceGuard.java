package filegate.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import filegate.ConfigException;

/**
 * Decides whether an entry found in a drop folder may be taken at all, before any naming rule looks at
 * it: links that lead out of the folder (or into its own {@code .done/}, {@code .failed/}), and names a
 * person cannot read back (not valid UTF-8, control characters) are refused. A refused entry is left
 * where it is and nothing it points at is read, moved or written.
 * <p>
 * The same check runs again just before the file is read and before each upload attempt, so a file
 * swapped for a link after the scan is caught too; what remains is the window between that last
 * check and the open itself (documented in docs/shared-folders.md).
 */
public final class SourceGuard {
    /** {@code filegate.inbox.follow-links}. */
    public enum FollowLinks {
        /** A link is taken as its target only when the target's real path stays inside the drop folder. */
        INSIDE,
        /** No link is ever followed, inside or out. */
        NEVER,
        /** Every link is followed, wherever it leads: the behaviour before 2026-12; unsafe on shared folders. */
        ALWAYS;

        public static FollowLinks parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("filegate.inbox.follow-links=" + value
                        + " is not allowed: expected inside, never or always");
            }
        }
    }

    /** Why an entry is refused: a stable code for the manifest and a sentence a person can act on. */
    public record Refusal(String code, String reason) {
    }

    private final FollowLinks follow;
    /** Real path of each drop folder, as camel-file names it (its endpoint path). */
    private final Map<String, Path> realRoots = new ConcurrentHashMap<>();

    public SourceGuard(FollowLinks follow) {
        this.follow = follow;
    }

    public FollowLinks follow() {
        return follow;
    }

    /**
     * @param root      the drop folder as configured
     * @param rel       the entry's path relative to it, '/'-separated, as camel-file found it
     * @param directory whether the entry is (or leads to) a folder camel-file would descend into
     */
    public Optional<Refusal> check(String root, String rel, boolean directory) {
        Optional<Refusal> name = checkName(rel);
        if (name.isPresent()) {
            return name;
        }
        if (follow == FollowLinks.ALWAYS) {
            return Optional.empty();
        }
        Path rootReal;
        try {
            rootReal = realRoots.computeIfAbsent(root, r -> {
                try {
                    return Path.of(r).toRealPath();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (IllegalStateException e) {
            return Optional.empty(); // the folder itself is gone: camel-file finds nothing to take either
        }
        Path entry = rootReal.resolve(rel);
        Path real;
        try {
            real = entry.toRealPath();
        } catch (NoSuchFileException e) {
            return Files.isSymbolicLink(entry)
                    ? Optional.of(new Refusal("LINK_DANGLING", "a link whose target does not exist; not followed"))
                    : Optional.empty(); // gone since the scan: nothing to take
        } catch (IOException e) {
            // a link loop (ELOOP) or a target we may not resolve: never guess where it leads
            return Optional.of(new Refusal("LINK_UNRESOLVABLE", "a link that cannot be resolved ("
                    + e.getClass().getSimpleName() + "); not followed"));
        }
        if (real.equals(entry)) {
            return Optional.empty(); // no link anywhere on the way
        }
        String kind = directory ? "a link to a folder" : "a link";
        if (follow == FollowLinks.NEVER) {
            return Optional.of(new Refusal("LINK_REFUSED", kind + " to " + real
                    + "; links are not followed (filegate.inbox.follow-links=never)"));
        }
        if (!real.startsWith(rootReal)) {
            return Optional.of(new Refusal("LINK_OUTSIDE", kind + " leading outside the drop folder (to " + real
                    + "); nothing there is read or moved (filegate.inbox.follow-links=inside)"));
        }
        for (Path segment : rootReal.relativize(real)) {
            if (segment.toString().startsWith(".")) {
                return Optional.of(new Refusal("LINK_OUTSIDE", kind + " into " + real
                        + ", which Filegate keeps for itself (.done, .failed, locks); not followed"));
            }
        }
        if (directory && entry.getParent().toAbsolutePath().startsWith(real)) {
            return Optional.of(new Refusal("LINK_LOOP", kind + " to " + real
                    + ", which holds the link itself: following it would never end"));
        }
        return Optional.empty();
    }

    /** Names that are not valid UTF-8 or hold control characters cannot be shown or matched reliably. */
    static Optional<Refusal> checkName(String rel) {
        // the JVM decodes a name it cannot read as UTF-8 to U+FFFD and can then not even open it
        if (rel.indexOf('\uFFFD') >= 0) {
            return Optional.of(new Refusal("NAME_NOT_UTF8", "the name is not valid UTF-8 (shown with \\uFFFD"
                    + " for the bytes that are not); rename the file"));
        }
        for (int i = 0; i < rel.length(); i++) {
            char ch = rel.charAt(i);
            if (ch < 0x20 || ch == 0x7F) {
                return Optional.of(new Refusal("NAME_CONTROL_CHARS", "the name holds control characters"
                        + " (shown escaped); rename the file"));
            }
        }
        return Optional.empty();
    }

    /** The name as it may be shown in one log line: control characters and U+FFFD escaped. */
    public static String printable(String name) {
        StringBuilder sb = null;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            String esc = switch (ch) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\uFFFD' -> "\\uFFFD";
                default -> ch < 0x20 || ch == 0x7F ? String.format("\\x%02X", (int) ch) : null;
            };
            if (esc != null && sb == null) {
                sb = new StringBuilder(name.length() + 8).append(name, 0, i);
            }
            if (sb != null) {
                if (esc != null) {
                    sb.append(esc);
                } else {
                    sb.append(ch);
                }
            }
        }
        return sb == null ? name : sb.toString();
    }
}
