package filegate.provider;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import filegate.ConfigException;
import filegate.Settings;

/** The configured provider instances by name, checked once at start-up. */
public final class Providers {
    public static final String PREFIX = "filegate.providers.";

    private final Map<String, Provider> byName;

    private Providers(Map<String, Provider> byName) {
        this.byName = byName;
    }

    /** Loads every provider named under {@value #PREFIX} plus the given defaults, checking each. */
    public static Providers load(Settings settings, List<String> defaultProviders, boolean requireKeys) {
        Set<String> names = new TreeSet<>(settings.childNames(PREFIX));
        names.addAll(defaultProviders);
        Map<String, Provider> byName = new LinkedHashMap<>();
        for (String name : names) {
            byName.put(name, instance(settings, name, requireKeys));
        }
        return new Providers(byName);
    }

    private static Provider instance(Settings s, String name, boolean requireKeys) {
        String p = PREFIX + name + ".";
        String type = s.get(p + "type", name);
        ProviderProfile profile = Profiles.byType(type).orElseThrow(() -> new ConfigException(
                (s.get(p + "type").isPresent() ? p + "type=" + type : "provider '" + name + "'")
                        + " is not a known provider type; allowed: "
                        + String.join(", ", new TreeSet<>(Profiles.types()))
                        + " (set " + p + "type)"));
        String baseUrl = s.get(p + "base-url").orElse(profile.defaultBaseUrl);
        if (baseUrl == null) {
            throw new ConfigException(p + "base-url is not set: a " + type + " provider has no default base URL");
        }
        checkUrl(p + "base-url", baseUrl);
        String key = s.get(p + "api-key").orElse(profile.apiKeyEnv == null ? null : blankToNull(System.getenv(profile.apiKeyEnv)));
        if (key == null && profile.keyRequired && requireKeys) {
            throw new ConfigException("no API key for provider '" + name + "': set "
                    + (profile.apiKeyEnv == null ? "" : "the environment variable " + profile.apiKeyEnv + " or ")
                    + p + "api-key");
        }
        Long expiry = s.get(p + "expires-after-seconds").isPresent()
                ? s.getLong(p + "expires-after-seconds", 0, 3600, 2_592_000) : null;
        return new Provider(name, profile, baseUrl, key, s.get(p + "auth-header", "Authorization"),
                s.get(p + "auth-scheme", "Bearer"), s.get(p + "query").orElse(null), expiry);
    }

    private static void checkUrl(String key, String url) {
        try {
            URI u = new URI(url);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (Exception e) {
            throw new ConfigException(key + "=" + url + " is not allowed: expected an http:// or https:// URL");
        }
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }

    public Provider get(String name) {
        Provider p = byName.get(name);
        if (p == null) {
            throw new ConfigException("no provider named '" + name + "': configure " + PREFIX + name + ".type");
        }
        return p;
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
