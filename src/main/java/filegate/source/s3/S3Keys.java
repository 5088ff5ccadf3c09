package filegate.source.s3;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * How S3 keys become names: what rules see, what the provider sees, and local paths that stay inside
 * their folder whatever the key holds ({@code ..}, a leading {@code /}, control characters, backslashes).
 */
public final class S3Keys {
    /** Longest encoded path segment kept as is; most file systems allow 255 bytes. */
    private static final int MAX_SEGMENT = 180;

    private S3Keys() {
    }

    /** ETags arrive quoted ({@code "9b2c..."}); the manifest keeps them bare. */
    public static String etag(String raw) {
        if (raw == null) {
            return "";
        }
        String s = raw.trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** The key relative to its source prefix, without leading slashes: what naming rules match. */
    public static String relative(String key, String prefix) {
        String rel = key.startsWith(prefix) ? key.substring(prefix.length()) : key;
        int i = 0;
        while (i < rel.length() && rel.charAt(i) == '/') {
            i++;
        }
        return rel.substring(i);
    }

    /** The last segment of the key: the file name the provider is told. */
    public static String basename(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.isEmpty() ? "object" : name;
    }

    /**
     * A relative path for {@code key} that cannot leave the folder it is resolved against: empty
     * segments are dropped, {@code .} and {@code ..} and any character outside a safe set are
     * percent-encoded, over-long segments are shortened with a hash.
     */
    public static String safeRelativePath(String key) {
        List<String> out = new ArrayList<>();
        for (String segment : key.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            out.add(safeSegment(segment));
        }
        return out.isEmpty() ? "%00empty" : String.join("/", out);
    }

    /** {@code root.resolve(safeRelativePath(key))}, checked once more to be inside {@code root}. */
    public static Path under(Path root, String key) {
        Path base = root.toAbsolutePath().normalize();
        Path p = base.resolve(safeRelativePath(key)).normalize();
        if (!p.startsWith(base) || p.equals(base)) {
            throw new IllegalArgumentException("key would leave " + base);
        }
        return p;
    }

    public static String safeSegment(String segment) {
        if (segment.equals(".") || segment.equals("..")) {
            return segment.replace(".", "%2E");
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_' || c == '+' || c == '=' || c == ',' || c == '@' || c == '~';
            if (safe) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        String s = sb.toString();
        if (s.startsWith(".")) {
            // no hidden files: a report must be visible with a plain ls
            s = "%2E" + s.substring(1);
        }
        if (s.length() > MAX_SEGMENT) {
            s = s.substring(0, MAX_SEGMENT - 17) + "~" + sha256(segment).substring(0, 16);
        }
        return s;
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
