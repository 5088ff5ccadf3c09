package filegate.provider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import filegate.validate.ValidationRequest;

/**
 * One configured provider instance ({@code filegate.providers.<name>.*}): a profile plus where and how
 * to reach it, and any limits the instance overrides. {@link #toString()} never shows the key.
 */
public final class Provider {
    private final String name;
    private final ProviderProfile profile;
    private final String baseUrl;
    private final String apiKey;
    private final String authHeader;
    private final String authScheme;
    private final String uploadPath;
    private final String query;
    private final Set<Integer> successCodes;
    private final Long maxBytes;
    private final Long expiresAfterSeconds;
    private final UploadsApi.Settings uploads;
    /** Made once: every request (and the pacing of every request) reads them. */
    private final Map<String, String> authHeaders;

    /** An instance that does not use the Uploads API. */
    public Provider(String name, ProviderProfile profile, String baseUrl, String apiKey, String authHeader,
                    String authScheme, String uploadPath, String query, Set<Integer> successCodes, Long maxBytes,
                    Long expiresAfterSeconds) {
        this(name, profile, baseUrl, apiKey, authHeader, authScheme, uploadPath, query, successCodes, maxBytes,
                expiresAfterSeconds, null);
    }

    /**
     * @param maxBytes  replaces every size limit of the profile, or null to keep them
     * @param query     extra query string without '?', or null
     * @param uploads   how large files use the profile's Uploads API, or null when they do not
     */
    public Provider(String name, ProviderProfile profile, String baseUrl, String apiKey, String authHeader,
                    String authScheme, String uploadPath, String query, Set<Integer> successCodes, Long maxBytes,
                    Long expiresAfterSeconds, UploadsApi.Settings uploads) {
        if (uploads != null && profile.uploadsPath == null) {
            throw new IllegalArgumentException(profile.type + " has no Uploads API");
        }
        this.name = name;
        this.profile = profile;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
        this.authHeader = authHeader;
        this.authScheme = authScheme;
        this.uploadPath = uploadPath;
        this.query = query;
        this.successCodes = Set.copyOf(successCodes);
        this.maxBytes = maxBytes;
        this.expiresAfterSeconds = expiresAfterSeconds;
        this.uploads = uploads;
        Map<String, String> h = new LinkedHashMap<>(profile.fixedHeaders);
        if (apiKey != null) {
            h.put(authHeader, authScheme.isEmpty() ? apiKey : authScheme + " " + apiKey);
        }
        this.authHeaders = java.util.Collections.unmodifiableMap(h);
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
        return baseUrl + uploadPath + (query == null ? "" : "?" + query);
    }

    /** How this instance uses the Uploads API, or null when it does not. */
    public UploadsApi.Settings uploads() {
        return uploads;
    }

    /** Whether a file of this size goes in parts through the Uploads API. */
    public boolean usesUploadsApi(long bytes) {
        return uploads != null && bytes > uploads.thresholdBytes();
    }

    /** {@code {base}/uploads} followed by {@code suffix} ("", "/{id}/parts", ...), with the instance's query. */
    public String uploadsUrl(String suffix) {
        return baseUrl + profile.uploadsPath + suffix + (query == null ? "" : "?" + query);
    }

    /** The file list URL for one page, or null when the provider has no list. */
    /** {@code GET} of one file object ({base}{list path}/{id}), or null when the provider has no file list. */
    public String retrieveUrl(String fileId) {
        if (profile.listPath == null) {
            return null;
        }
        String path = profile.listPath.equals(profile.uploadPath) ? uploadPath : profile.listPath;
        return baseUrl + path + "/" + enc(fileId) + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    public String listUrl(String purpose, String after) {
        if (profile.listPath == null) {
            return null;
        }
        // where the profile lists at its upload path, an instance with its own upload path lists there too
        String path = profile.listPath.equals(profile.uploadPath) ? uploadPath : profile.listPath;
        StringBuilder q = new StringBuilder(query == null ? "" : query);
        ProviderProfile.ListQuery lq = profile.listQuery;
        if (lq != null) {
            param(q, lq.purpose(), purpose);
            param(q, lq.limit(), "1000");
            param(q, lq.order(), "desc");
            param(q, lq.after(), after);
        }
        return baseUrl + path + (q.length() == 0 ? "" : "?" + q);
    }

    /**
     * A cheap authenticated GET that tells whether the key and URL work: the file list asking for one
     * entry where the profile has a list, else the base URL itself.
     */
    public String probeUrl() {
        if (profile.listPath == null) {
            return baseUrl + (query == null ? "" : "?" + query);
        }
        String path = profile.listPath.equals(profile.uploadPath) ? uploadPath : profile.listPath;
        StringBuilder q = new StringBuilder(query == null ? "" : query);
        if (profile.listQuery != null) {
            param(q, profile.listQuery.limit(), "1");
        }
        return baseUrl + path + (q.length() == 0 ? "" : "?" + q);
    }

    private static void param(StringBuilder q, String name, String value) {
        if (name != null && value != null) {
            q.append(q.length() == 0 ? "" : "&").append(name).append('=').append(enc(value));
        }
    }

    /** Where a person fixes this instance's key, for messages: the setting and the type's variable. */
    public String keyHint() {
        return "filegate.providers." + name + ".api-key" + (profile.apiKeyEnv == null ? "" : " or " + profile.apiKeyEnv);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The purpose as this provider spells it. */
    public String providerPurpose(String canonical) {
        return profile.purposes.getOrDefault(canonical, canonical);
    }

    /** The rule's expiry if it sets one, else this instance's default; null for none. */
    public Long expiryFor(Long ruleExpiresAfterSeconds) {
        return ruleExpiresAfterSeconds != null ? ruleExpiresAfterSeconds : expiresAfterSeconds;
    }

    /**
     * This instance's size limit for a purpose: the one place where {@code max-bytes} overrides the profile
     * (every limit of it, per purpose too). Refusal, validation and planning all ask here.
     */
    public long maxBytesFor(String canonicalPurpose) {
        return maxBytes != null ? maxBytes : profile.maxBytesFor(canonicalPurpose, uploads != null);
    }

    /** What the prepare step asks of a file for this instance: its limit and the profile's validators. */
    public ValidationRequest validationRequest(String canonicalPurpose, String fileType) {
        return new ValidationRequest(profile.type, canonicalPurpose, fileType, maxBytesFor(canonicalPurpose),
                profile.checks);
    }

    public boolean isSuccess(int status) {
        return successCodes.contains(status);
    }

    public Set<Integer> successCodes() {
        return successCodes;
    }

    /**
     * Why this instance cannot take a file of this canonical purpose, type, size and expiry; empty when
     * it can. Checked before anything is sent, so a refused file never reaches the network.
     */
    public Optional<String> refusal(String canonicalPurpose, String fileType, long bytes, Long expiresAfterSeconds) {
        if (!profile.purposes.containsKey(canonicalPurpose)) {
            return Optional.of(who() + " does not accept purpose '" + canonicalPurpose + "' (it takes "
                    + Purposes.accepted(profile) + ")");
        }
        Set<String> types = profile.fileTypesFor(canonicalPurpose);
        if (types != null && !types.contains(fileType)) {
            return Optional.of(who() + " takes only " + String.join(", ", types.stream().sorted().toList())
                    + " files for purpose '" + canonicalPurpose + "', not '" + (fileType.isEmpty() ? "(none)" : fileType)
                    + "'");
        }
        long limit = maxBytesFor(canonicalPurpose);
        if (bytes > limit && uploads != null && maxBytes == null && limit == profile.uploadsMaxBytes) {
            return Optional.of(who() + " takes files of at most " + limit + " bytes (" + human(limit) + "), the most"
                    + " its Uploads API accepts for one file; this one has " + bytes + " (" + human(bytes)
                    + "). Split it into smaller files");
        }
        if (bytes > limit) {
            return Optional.of(who() + " takes files of at most " + limit + " bytes (" + human(limit)
                    + ") for purpose '" + canonicalPurpose + "'; this one has " + bytes + " ("
                    + human(bytes) + "). If this server takes larger files, raise filegate.providers." + name
                    + ".max-bytes");
        }
        if (expiresAfterSeconds != null && !profile.supportsExpiry()) {
            return Optional.of(who() + " cannot set an expiry (expires_after), but " + expiresAfterSeconds
                    + " s was asked for; drop the expiry from the rule for this provider");
        }
        return Optional.empty();
    }

    /** The multipart body for one attempt. */
    public MultipartBody body(UploadTask task) {
        return profile.body(task);
    }

    /**
     * Request headers every call to this provider carries: the profile's fixed ones (a version pin) and the
     * credentials when a key is configured.
     */
    public Map<String, String> authHeaders() {
        return authHeaders;
    }

    /** The names {@link #authHeaders()} may set (the key's, the fixed ones): the only request headers let out. */
    public java.util.Set<String> requestHeaderNames() {
        java.util.Set<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(profile.fixedHeaders.keySet());
        names.add(authHeader);
        return names;
    }

    /** The auth header as a log may show it: name, scheme, never the key. */
    public String authDescription() {
        return apiKey == null ? "no credentials"
                : authHeader + ": " + (authScheme.isEmpty() ? "" : authScheme + " ") + "<key>";
    }

    /** Replaces the key wherever it might have been echoed back, before text reaches a log or a file. */
    public String redact(String text) {
        if (text == null || apiKey == null || apiKey.isEmpty()) {
            return text;
        }
        return text.replace(apiKey, "[redacted]");
    }

    /** "name" or "name (type)" when they differ, for messages. */
    public String who() {
        return name.equals(profile.type) ? name : name + " (" + profile.type + ")";
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        return bytes + " B";
    }

    @Override
    public String toString() {
        return name + " (" + profile.type + " at " + baseUrl + ")";
    }
}
