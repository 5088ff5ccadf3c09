package filegate.provider;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One configured provider instance ({@code filegate.providers.<name>.*}): a profile plus where and how
 * to reach it. {@link #toString()} never shows the key.
 */
public final class Provider {
    private final String name;
    private final ProviderProfile profile;
    private final String baseUrl;
    private final String apiKey;
    private final String authHeader;
    private final String authScheme;
    private final String query;
    private final Long expiresAfterSeconds;

    public Provider(String name, ProviderProfile profile, String baseUrl, String apiKey, String authHeader,
                    String authScheme, String query, Long expiresAfterSeconds) {
        this.name = name;
        this.profile = profile;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
        this.authHeader = authHeader;
        this.authScheme = authScheme;
        this.query = query;
        this.expiresAfterSeconds = expiresAfterSeconds;
    }

    public String name() {
        return name;
    }

    public ProviderProfile profile() {
        return profile;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String uploadUrl() {
        return baseUrl + profile.uploadPath + (query == null ? "" : "?" + query);
    }

    /** The file list URL for one page, or null when the provider has no list. */
    public String listUrl(String purpose, String after) {
        String path = profile.listPath();
        if (path == null) {
            return null;
        }
        StringBuilder q = new StringBuilder(query == null ? "" : query);
        if (profile.listPaged()) {
            q.append(q.length() == 0 ? "" : "&").append("purpose=").append(enc(purpose))
                    .append("&limit=1000&order=desc");
            if (after != null) {
                q.append("&after=").append(enc(after));
            }
        }
        return baseUrl + path + (q.length() == 0 ? "" : "?" + q);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The purpose as this provider spells it. */
    public String providerPurpose(String canonical) {
        return profile.purposes.getOrDefault(canonical, canonical);
    }

    /** Expiry to ask for when the rule sets none. */
    public Long expiresAfterSeconds() {
        return expiresAfterSeconds;
    }

    /** Request headers that carry the credentials; empty when no key is configured. */
    public Map<String, String> authHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        if (apiKey != null) {
            h.put(authHeader, authScheme.isEmpty() ? apiKey : authScheme + " " + apiKey);
        }
        return h;
    }

    /** Replaces the key wherever it might have been echoed back, before text reaches a log or a file. */
    public String redact(String text) {
        if (text == null || apiKey == null || apiKey.isEmpty()) {
            return text;
        }
        return text.replace(apiKey, "[redacted]");
    }

    @Override
    public String toString() {
        return name + " (" + profile.type + " at " + baseUrl + ")";
    }
}
