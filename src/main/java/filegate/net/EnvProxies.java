package filegate.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import filegate.ConfigException;

/**
 * The proxies the environment names, read the way curl and the official SDKs (httpx, the AWS SDKs) read
 * them: {@code HTTPS_PROXY} for https URLs, {@code HTTP_PROXY} for http URLs, each also in lower case
 * (lower case wins when both are set, as in curl and Python), and {@code NO_PROXY} for what goes direct.
 * <p>
 * {@code NO_PROXY} is a comma (or space) separated list of: {@code *} (nothing goes through a proxy); a
 * domain ({@code example.com} or {@code .example.com}: that host and every host under it); a host or
 * domain with a port ({@code example.com:8443}: only that port); an IP address ({@code 10.1.2.3},
 * {@code ::1} or {@code [::1]}); or an address block ({@code 10.0.0.0/8}). Host names are compared
 * without case and are not resolved.
 */
public final class EnvProxies extends ProxySelector {
    /** A proxy from the environment: where it is, and the credentials its URL carried (never logged). */
    public record ProxyUrl(String variable, String host, int port, String user, String password) {
        public boolean hasCredentials() {
            return user != null;
        }

        /** host:port and where it came from, without the credentials. */
        @Override
        public String toString() {
            return host + ":" + port + " (from " + variable + (user == null ? "" : ", with credentials") + ")";
        }
    }

    private final ProxyUrl https;
    private final ProxyUrl http;
    private final String noProxyText;
    private final List<String> noProxy;

    private EnvProxies(ProxyUrl https, ProxyUrl http, String noProxyText) {
        this.https = https;
        this.http = http;
        this.noProxyText = noProxyText;
        this.noProxy = new ArrayList<>();
        for (String e : noProxyText.split("[,\\s]+")) {
            if (!e.isBlank()) {
                noProxy.add(e.trim().toLowerCase(Locale.ROOT));
            }
        }
    }

    /** Reads the variables from {@code env} (the process environment, or a test's map). */
    public static EnvProxies from(Map<String, String> env) {
        return new EnvProxies(proxy(env, "https_proxy"), proxy(env, "http_proxy"),
                variable(env, "no_proxy").map(Map.Entry::getValue).orElse(""));
    }

    public Optional<ProxyUrl> https() {
        return Optional.ofNullable(https);
    }

    public Optional<ProxyUrl> http() {
        return Optional.ofNullable(http);
    }

    public boolean any() {
        return https != null || http != null;
    }

    public String noProxyText() {
        return noProxyText;
    }

    /** The proxy for a request to {@code uri}, or empty: direct. */
    public Optional<ProxyUrl> forUri(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        ProxyUrl p = scheme.equals("https") ? https : scheme.equals("http") ? http : null;
        if (p == null || uri.getHost() == null) {
            return Optional.empty();
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return bypassed(uri.getHost(), port) ? Optional.empty() : Optional.of(p);
    }

    @Override
    public List<Proxy> select(URI uri) {
        return forUri(uri).map(p -> List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.host(),
                p.port())))).orElse(List.of(Proxy.NO_PROXY));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // nothing to remember: the caller reports the failure, and there is no other proxy to try
    }

    /** Whether NO_PROXY sends {@code host:port} direct. */
    public boolean bypassed(String hostName, int port) {
        String host = unbracket(hostName.toLowerCase(Locale.ROOT));
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            String name = entry;
            int wantPort = -1;
            // host:port, [v6]:port; a bare v6 address has several colons and no port
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && (entry.startsWith("[") ? entry.charAt(colon - 1) == ']' : entry.indexOf(':') == colon)) {
                try {
                    wantPort = Integer.parseInt(entry.substring(colon + 1));
                    name = entry.substring(0, colon);
                } catch (NumberFormatException e) {
                    continue;
                }
            }
            if (wantPort != -1 && wantPort != port) {
                continue;
            }
            name = unbracket(name);
            if (name.contains("/")) {
                if (inBlock(host, name)) {
                    return true;
                }
                continue;
            }
            String domain = name.startsWith("*.") ? name.substring(2) : name.startsWith(".") ? name.substring(1) : name;
            if (!domain.isEmpty() && (host.equals(domain) || host.endsWith("." + domain))) {
                return true;
            }
        }
        return false;
    }

    private static boolean inBlock(String host, String cidr) {
        int slash = cidr.indexOf('/');
        byte[] want = literal(cidr.substring(0, slash));
        byte[] have = literal(host);
        if (want == null || have == null || want.length != have.length) {
            return false;
        }
        int bits;
        try {
            bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        for (int i = 0; i < want.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((want[i] & mask) != (have[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of an IP literal, never a DNS look-up; null for a name. */
    private static byte[] literal(String s) {
        boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = s.contains(":") && s.matches("[0-9a-f:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (IOException e) {
            return null;
        }
    }

    private static String unbracket(String h) {
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static Optional<Map.Entry<String, String>> variable(Map<String, String> env, String lower) {
        for (String name : List.of(lower, lower.toUpperCase(Locale.ROOT))) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return Optional.of(Map.entry(name, v.trim()));
            }
        }
        return Optional.empty();
    }

    private static ProxyUrl proxy(Map<String, String> env, String lower) {
        Optional<Map.Entry<String, String>> v = variable(env, lower);
        if (v.isEmpty()) {
            return null;
        }
        String name = v.get().getKey();
        String text = v.get().getValue();
        // curl and the SDKs take "proxy:3128" as http://proxy:3128
        URI uri;
        try {
            uri = URI.create(text.contains("://") ? text : "http://" + text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + " is not a proxy URL (expected http://[user:password@]host:port)");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") || uri.getHost() == null) {
            // the message never repeats the value: it may hold a password
            throw new ConfigException(name + " must be an http:// proxy URL such as http://proxy.example.com:3128"
                    + " (found scheme " + scheme + (uri.getHost() == null ? ", no host" : "") + "); Filegate talks to"
                    + " the proxy in plain HTTP and tunnels TLS through it with CONNECT");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] up = uri.getRawUserInfo().split(":", 2);
            user = decode(up[0]);
            password = up.length > 1 ? decode(up[1]) : "";
        }
        return new ProxyUrl(name, uri.getHost(), uri.getPort() == -1 ? 80 : uri.getPort(), user, password);
    }

    /** Percent-decoding of a URL's user part; unlike form decoding, '+' stays '+'. */
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
