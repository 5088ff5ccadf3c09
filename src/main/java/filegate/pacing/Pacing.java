package filegate.pacing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import filegate.Settings;
import filegate.provider.Provider;
import filegate.provider.Providers;
import filegate.provider.RetryRules;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Pacer} per provider account: instances with the same base URL and the same key share one,
 * as they share the provider's limits. Every request Filegate makes through camel-http passes through
 * {@link #install}'s interceptor, which finds the account by the request's URL and credentials, so no
 * route needs to know about pacing (the start-up and health probe included).
 */
public final class Pacing {
    private static final Logger LOG = LoggerFactory.getLogger(Pacing.class);
    public static final String FOLLOW_HEADERS = "filegate.pacing.follow-headers";

    /** One account: where requests go and the credentials they carry (as a hash, never the key). */
    private record Account(String base, String authHeader, String keyHash, Pacer pacer) {
    }

    private final List<Account> accounts;

    private Pacing(List<Account> accounts) {
        this.accounts = accounts;
    }

    /** No pacing at all (a dry run sends nothing). */
    public static Pacing none() {
        return new Pacing(List.of());
    }

    /**
     * Reads {@value #FOLLOW_HEADERS} and each instance's {@code requests-per-minute},
     * {@code bytes-per-minute} and {@code max-in-flight}; instances of one account get the lowest of
     * what they set.
     */
    public static Pacing load(Settings s, Providers providers) {
        boolean follow = s.getBoolean(FOLLOW_HEADERS);
        Map<String, List<Provider>> groups = new LinkedHashMap<>();
        for (String name : providers.names()) {
            Provider p = providers.get(name);
            groups.computeIfAbsent(identity(p), k -> new ArrayList<>()).add(p);
        }
        List<Account> accounts = new ArrayList<>();
        for (List<Provider> group : groups.values()) {
            long rpm = lowest(s, group, "requests-per-minute", 1_000_000_000L);
            long bpm = lowest(s, group, "bytes-per-minute", Long.MAX_VALUE / 2);
            long inFlight = lowest(s, group, "max-in-flight", 1024);
            String name = "provider " + String.join("+", group.stream().map(Provider::name).toList());
            Pacer pacer = new Pacer(name, follow, rpm, bpm, (int) inFlight);
            for (Provider p : group) {
                Map.Entry<String, String> auth = p.authHeaders().entrySet().stream().findFirst().orElse(null);
                accounts.add(new Account(normalize(p.baseUrl()), auth == null ? null : auth.getKey(),
                        auth == null ? null : hash(auth.getValue()), pacer));
            }
            if (rpm > 0 || bpm > 0 || inFlight > 0) {
                LOG.info("{}: at most{}{}{}", name, rpm > 0 ? " " + rpm + " requests/minute" : "",
                        bpm > 0 ? " " + bpm + " body bytes/minute" : "", inFlight > 0 ? " " + inFlight
                                + " requests at once" : "");
            }
        }
        // the longest base URL first: an instance at https://host/v1/x is not paced as one at https://host/v1
        accounts.sort(Comparator.comparingInt((Account a) -> a.base().length()).reversed());
        return new Pacing(List.copyOf(accounts));
    }

    /** The lowest value the group sets for {@code filegate.providers.<name>.<key>}, 0 when none sets it. */
    private static long lowest(Settings s, List<Provider> group, String key, long max) {
        long lowest = 0;
        for (Provider p : group) {
            String full = Providers.PREFIX + p.name() + "." + key;
            if (s.get(full).isPresent()) {
                long v = s.getLong(full, 0, 1, max);
                lowest = lowest == 0 ? v : Math.min(lowest, v);
            }
        }
        return lowest;
    }

    /** Adds the pacing interceptor to camel-http's client (its {@code HttpClientConfigurer}). */
    public void install(HttpClientBuilder builder) {
        if (!accounts.isEmpty()) {
            builder.addExecInterceptorFirst("filegate-pacing", new PacingInterceptor(this));
        }
    }

    /** The pacer of the account a request goes to, or null for a request to none of them. */
    Pacer match(URI uri, RetryRules.Header requestHeaders) {
        String target = normalize(uri.toString());
        for (Account a : accounts) {
            if (!target.equals(a.base()) && !target.startsWith(a.base() + "/")) {
                continue;
            }
            String sent = a.authHeader() == null ? null : requestHeaders.get(a.authHeader());
            if (a.authHeader() == null ? true : sent != null && hash(sent).equals(a.keyHash())) {
                return a.pacer();
            }
        }
        return null;
    }

    private static String identity(Provider p) {
        return normalize(p.baseUrl()) + "\n" + p.authHeaders().values().stream().map(Pacing::hash).findFirst()
                .orElse("");
    }

    /** scheme://host:port/path, lower-case scheme and host, the default port written out, no query. */
    static String normalize(String url) {
        URI u = URI.create(url);
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort() >= 0 ? u.getPort() : "https".equals(scheme) ? 443 : 80;
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port + path;
    }

    private static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
