package filegate;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The {@code filegate.*} configuration, read through Camel's properties component so that
 * application.properties, {@code -Dfilegate.key=value} and {@code FILEGATE_KEY} environment variables
 * all apply with Camel's usual precedence (system property, then environment, then file).
 */
public final class Settings {
    public static final String PREFIX = "filegate.";

    private final PropertiesComponent pc;
    private final Map<String, String> known = new TreeMap<>();

    private Settings(PropertiesComponent pc) {
        this.pc = pc;
        Properties loaded = pc.loadProperties(k -> k.startsWith(PREFIX));
        loaded.stringPropertyNames().forEach(k -> known.put(k, loaded.getProperty(k)));
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith(PREFIX))
                .forEach(k -> known.put(k, System.getProperty(k)));
    }

    public static Settings of(CamelContext context) {
        return new Settings(context.getPropertiesComponent());
    }

    /** The resolved value, or empty when unset or blank. */
    public Optional<String> get(String key) {
        return pc.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** The value as written (placeholders not resolved), from a properties file, -D or an override. */
    public Optional<String> unresolved(String key) {
        return Optional.ofNullable(known.get(key));
    }

    /** The resolved value even when it is set to nothing ({@code key =}), or empty when unset. */
    public Optional<String> raw(String key) {
        return pc.resolveProperty(key);
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    /** The value, else the default {@link ConfigCatalog} gives the key. */
    public String getOrDefault(String key) {
        return get(key, ConfigCatalog.defaultOf(key));
    }

    /** A whole number in {@code min..max}, else the default {@link ConfigCatalog} gives the key. */
    public long getLong(String key, long min, long max) {
        return getLong(key, Long.parseLong(ConfigCatalog.defaultOf(key)), min, max);
    }

    /** true or false, else the default {@link ConfigCatalog} gives the key. */
    public boolean getBoolean(String key) {
        return getBoolean(key, Boolean.parseBoolean(ConfigCatalog.defaultOf(key)));
    }

    /** A comma-separated list, else the default {@link ConfigCatalog} gives the key. */
    public List<String> list(String key) {
        return list(key, ConfigCatalog.defaultOf(key));
    }

    /** A path, else the default {@link ConfigCatalog} gives the key. */
    public Path path(String key) {
        return path(key, ConfigCatalog.defaultOf(key));
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> new ConfigException(key + " is not set"));
    }

    public long getLong(String key, long fallback, long min, long max) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.get());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + "=" + v.get() + " is not allowed: expected a whole number from "
                    + min + " to " + max);
        }
    }

    public boolean getBoolean(String key, boolean fallback) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return fallback;
        }
        return switch (v.get().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key + "=" + v.get() + " is not allowed: expected true or false");
        };
    }

    /** A comma-separated list, blanks dropped. */
    public List<String> list(String key, String fallback) {
        return Arrays.stream(get(key, fallback).split(",")).map(String::trim)
                .filter(v -> !v.isEmpty()).toList();
    }

    public Path path(String key, String fallback) {
        return Path.of(get(key, fallback));
    }

    /** Indices N of every {@code <prefix>[N].<something>} key, in ascending order. */
    public SortedSet<Integer> indices(String prefix) {
        TreeSet<Integer> out = new java.util.TreeSet<>();
        Pattern p = Pattern.compile(Pattern.quote(prefix)
                + "\\[(\\d+)]\\..+");
        for (String k : known.keySet()) {
            Matcher m = p.matcher(k);
            if (m.matches()) {
                out.add(Integer.parseInt(m.group(1)));
            }
        }
        return out;
    }

    /** The rest of every key starting with {@code prefix} seen in the property files or system properties. */
    public TreeSet<String> keysUnder(String prefix) {
        TreeSet<String> keys = new TreeSet<>();
        for (String k : known.keySet()) {
            if (k.startsWith(prefix)) {
                keys.add(k.substring(prefix.length()));
            }
        }
        return keys;
    }

    /** Names N of every {@code <prefix>N.<something>} key seen in the property files or system properties. */
    public TreeSet<String> childNames(String prefix) {
        TreeSet<String> names = new TreeSet<>();
        for (String k : known.keySet()) {
            if (k.startsWith(prefix)) {
                String rest = k.substring(prefix.length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    names.add(rest.substring(0, dot));
                }
            }
        }
        return names;
    }
}
