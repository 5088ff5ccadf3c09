package filegate.provider;

import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import filegate.ConfigException;
import filegate.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured provider instances by name, checked once at start-up: every value of every instance
 * is checked, and an instance files may be sent to must also have its key.
 */
public final class Providers {
    private static final Logger LOG = LoggerFactory.getLogger(Providers.class);
    public static final String PREFIX = "filegate.providers.";

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern QUERY = Pattern.compile("[^?#&=\\s]+=[^?#&\\s]*(&[^?#&=\\s]+=[^?#&\\s]*)*");
    private static final Pattern PATH = Pattern.compile("/[^?#\\s]*");

    private final Map<String, Provider> byName;

    private Providers(Map<String, Provider> byName) {
        this.byName = byName;
    }

    /**
     * Loads every instance named under {@value #PREFIX} plus those in {@code used}, checking each.
     *
     * @param used names files may be sent to (the default providers and any a rule names): these must
     *             have a key when their type requires one; an instance only configured need not
     * @param requireKeys false for a dry run
     */
    public static Providers load(Settings settings, Collection<String> used, boolean requireKeys) {
        Set<String> names = new TreeSet<>(settings.childNames(PREFIX));
        names.addAll(used);
        Map<String, Provider> byName = new LinkedHashMap<>();
        for (String name : names) {
            // a dry run sends nothing, so it needs no key
            byName.put(name, instance(settings, name, requireKeys && used.contains(name)));
        }
        for (String name : new TreeSet<>(used)) {
            Provider p = byName.get(name);
            UploadsApi.Settings u = p.uploads();
            LOG.info("provider {}: {} POST {} with {}{}", name, p.profile().type, p.uploadUrl(), p.authDescription(),
                    u == null ? "" : "; files over " + u.thresholdBytes() + " bytes through " + p.uploadsUrl("")
                            + " in parts of " + u.partBytes() + " bytes, " + u.partsInFlight() + " at a time");
        }
        return new Providers(byName);
    }

    private static Provider instance(Settings s, String name, boolean used) {
        String p = PREFIX + name + ".";
        // unknown keys under p were refused already (ConfigKeys)
        String type = s.get(p + "type", name);
        ProviderProfile profile = Profiles.byType(type).orElseThrow(() -> new ConfigException(
                (s.get(p + "type").isPresent() ? p + "type=" + type : "provider '" + name + "'")
                        + " is not a known provider type; allowed: " + String.join(", ", Profiles.types())
                        + " (set " + p + "type)"));

        String baseUrl = s.get(p + "base-url").orElse(profile.defaultBaseUrl);
        if (baseUrl == null) {
            throw new ConfigException(p + "base-url is not set: " + article(type) + " provider has no default base"
                    + " URL (each customer or server has its own); set it to the API root, e.g. https://host/"
                    + (profile.uploadPath.startsWith("/v1/") ? "" : "v1"));
        }
        checkBaseUrl(p + "base-url", baseUrl);

        // the key: api-key, else api-key-file, else the type's variable, else that variable's *_FILE
        String key = s.get(p + "api-key").orElse(null);
        String keySource = p + "api-key";
        String keyFile = s.get(p + "api-key-file").orElse(null);
        if (key != null && keyFile != null) {
            throw new ConfigException(p + "api-key and " + p + "api-key-file are both set: keep one");
        }
        if (key != null) {
            warnIfLiteral(s, p + "api-key", profile.apiKeyEnv);
        }
        if (key == null && keyFile != null) {
            key = SecretFiles.read(keyFile, p + "api-key-file");
            keySource = p + "api-key-file";
        }
        if (key == null && profile.apiKeyEnv != null) {
            key = blankToNull(System.getenv(profile.apiKeyEnv));
            keySource = profile.apiKeyEnv;
            String envFile = blankToNull(System.getenv(profile.apiKeyEnv + "_FILE"));
            if (key == null && envFile != null) {
                key = SecretFiles.read(envFile, profile.apiKeyEnv + "_FILE");
                keySource = profile.apiKeyEnv + "_FILE";
            }
        }
        if (key == null && profile.keyRequired && used) {
            throw new ConfigException("no API key for provider '" + name + "': set "
                    + (profile.apiKeyEnv == null ? "" : "the environment variable " + profile.apiKeyEnv + " or ")
                    + p + "api-key");
        }
        if (key == null && used && s.keysUnder(p).contains("api-key")) {
            // written down but empty: almost always an unset variable, and sending nothing would only 401 later
            throw new ConfigException(p + "api-key is set but resolves to nothing (is the environment variable it"
                    + " names set?); set it, or remove the line to send no credentials");
        }
        LOG.debug("provider {} takes its key from {}", name, key == null ? "nowhere" : keySource);

        String authHeader = s.get(p + "auth-header", profile.authHeader);
        if (!HEADER_NAME.matcher(authHeader).matches()) {
            throw new ConfigException(p + "auth-header=" + authHeader + " is not allowed: expected an HTTP header"
                    + " name such as Authorization or api-key");
        }
        // an empty auth-scheme is meaningful (Azure's api-key header carries the bare key), so read it raw
        String authScheme = s.raw(p + "auth-scheme").map(String::trim).orElse(profile.authScheme);
        if (!authScheme.isEmpty() && !HEADER_NAME.matcher(authScheme).matches()) {
            throw new ConfigException(p + "auth-scheme=" + authScheme + " is not allowed: expected one word such"
                    + " as Bearer, or nothing to send the bare key");
        }

        String uploadPath = s.get(p + "upload-path", profile.uploadPath);
        if (!PATH.matcher(uploadPath).matches()) {
            throw new ConfigException(p + "upload-path=" + uploadPath + " is not allowed: expected a path"
                    + " starting with / (e.g. /files), without ? or #; put query parameters in " + p + "query");
        }
        String query = s.get(p + "query").orElse(null);
        if (query != null && !QUERY.matcher(query).matches()) {
            throw new ConfigException(p + "query=" + query + " is not allowed: expected name=value pairs joined"
                    + " by &, without a leading ?, e.g. api-version=2024-10-21");
        }
        Set<Integer> successCodes = s.get(p + "success-codes").map(v -> codes(p + "success-codes", v))
                .orElse(profile.successCodes);
        Long maxBytes = s.get(p + "max-bytes").isPresent()
                ? s.getLong(p + "max-bytes", 0, 1, Long.MAX_VALUE) : null;

        Long expiry = null;
        if (s.get(p + "expires-after-seconds").isPresent()) {
            expiry = s.getLong(p + "expires-after-seconds", 0, 3600, 2_592_000);
            if (!profile.supportsExpiry()) {
                throw new ConfigException(p + "expires-after-seconds is set, but " + article(type)
                        + " provider cannot set an expiry (it takes no expires_after); remove the setting");
            }
        }
        return new Provider(name, profile, baseUrl, key, authHeader, authScheme, uploadPath, query, successCodes,
                maxBytes, expiry, uploads(s, p, type, profile, maxBytes));
    }

    /** The instance's use of the Uploads API, or null when it has none or it is switched off. */
    private static UploadsApi.Settings uploads(Settings s, String p, String type, ProviderProfile profile,
                                               Long maxBytes) {
        boolean on = profile.uploadsPath != null && profile.uploadsByDefault;
        if (s.get(p + "uploads-api").isPresent()) {
            on = s.getBoolean(p + "uploads-api", on);
            if (on && profile.uploadsPath == null) {
                throw new ConfigException(p + "uploads-api=true is not possible: " + article(type) + " provider has"
                        + " no Uploads API (only openai and openai-compatible have one); remove the setting");
            }
        }
        for (String key : List.of("parts-threshold-bytes", "part-size-bytes", "parts-in-flight")) {
            if (!on && s.get(p + key).isPresent()) {
                throw new ConfigException(p + key + " is set, but this provider does not use the Uploads API"
                        + (profile.uploadsPath == null ? " (" + article(type) + " provider has none)"
                        : "; set " + p + "uploads-api = true, or remove the setting"));
            }
        }
        if (!on) {
            return null;
        }
        // by default exactly the files too large for one request go in parts; a higher threshold would send
        // some files in one request that the provider refuses that way
        long singleRequestMax = maxBytes != null ? maxBytes : profile.maxBytes;
        long threshold = s.getLong(p + "parts-threshold-bytes", singleRequestMax, 1, singleRequestMax);
        long part = s.getLong(p + "part-size-bytes", UploadsApi.DEFAULT_PART_BYTES, 1, UploadsApi.MAX_PART_BYTES);
        // at most 16: camel.component.http.connections-per-route (20) must leave room for the other calls
        int inFlight = (int) s.getLong(p + "parts-in-flight", UploadsApi.DEFAULT_PARTS_IN_FLIGHT, 1, 16);
        return new UploadsApi.Settings(threshold, part, inFlight);
    }

    private static Set<Integer> codes(String key, String value) {
        Set<Integer> codes = new TreeSet<>();
        for (String part : value.split(",")) {
            String t = part.trim();
            try {
                int c = Integer.parseInt(t);
                if (c < 200 || c > 299) {
                    throw new NumberFormatException();
                }
                codes.add(c);
            } catch (NumberFormatException e) {
                throw new ConfigException(key + "=" + value + " is not allowed: expected 2xx HTTP status codes"
                        + " separated by commas, e.g. 200,201");
            }
        }
        return codes;
    }

    private static void checkBaseUrl(String key, String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (Exception e) {
            u = null;
        }
        if (u == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
            throw new ConfigException(key + "=" + url + " is not allowed: expected an http:// or https:// URL");
        }
        if (u.getRawUserInfo() != null) {
            // shown in logs and error messages: credentials belong in api-key, which never is
            throw new ConfigException(key + " must not contain credentials; put the key in "
                    + key.replace("base-url", "api-key"));
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new ConfigException(key + "=" + url + " is not allowed: query parameters go in "
                    + key.replace("base-url", "query") + ", and a URL has no #fragment here");
        }
    }

    private static String article(String type) {
        return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * A key written into a properties file (or on the command line) is readable by anyone who can read
     * that file or the process list: said once at start-up, naming the setting and never the value.
     */
    private static void warnIfLiteral(Settings s, String key, String envName) {
        String written = s.unresolved(key).orElse("");
        if (!written.isBlank() && !written.contains("{{")) {
            LOG.warn("{} holds the API key itself: anyone who can read the configuration (or the process list, for"
                    + " -D) can read it; use {} or {}-file instead (the value is not shown)", key,
                    envName == null ? "{{env:NAME}}" : "{{env:" + envName + "}} (or " + envName + "_FILE)", key);
        }
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
