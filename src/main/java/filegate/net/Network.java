package filegate.net;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import filegate.Settings;
import org.apache.camel.component.http.CompositeHttpConfigurer;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;

/**
 * How Filegate reaches the network, for every outbound call (uploads, file lists and the start-up probe
 * through camel-http, the S3 client): which certificates it trusts ({@code filegate.tls.*}) and which
 * proxy a URL goes through. Proxies come from {@code camel.component.http.proxy-host}/{@code -port}
 * when set (they win), else from {@code HTTPS_PROXY}/{@code HTTP_PROXY}/{@code NO_PROXY}
 * ({@link EnvProxies}). Proxy credentials are used, never logged. See docs/network.md.
 */
public final class Network {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Network.class);

    private final TrustStores trust;
    private final EnvProxies env;
    /** camel-http's own proxy settings, when set; camel-http applies them itself, the rest follows them. */
    private final EnvProxies explicit;

    private Network(TrustStores trust, EnvProxies env, EnvProxies explicit) {
        this.trust = trust;
        this.env = env;
        this.explicit = explicit;
    }

    /** Direct connections and the JVM's trust: what a test or a tool without settings gets. */
    public static Network defaults() {
        return new Network(null, EnvProxies.from(Map.of()), null);
    }

    public static Network from(Settings s, Map<String, String> environment) {
        TrustStores trust = s.get("filegate.tls.trust-store")
                .map(p -> TrustStores.load(java.nio.file.Path.of(p), s.getOrDefault("filegate.tls.trust-store-type"),
                        s.getOrDefault("filegate.tls.trust-store-password"),
                        s.getBoolean("filegate.tls.trust-store-only")))
                .orElse(null);
        EnvProxies explicit = null;
        Optional<String> host = camel(s, "proxy-host", "proxyHost").or(() -> camel(s, "proxy-auth-host", "proxyAuthHost"));
        if (host.isPresent()) {
            String port = camel(s, "proxy-port", "proxyPort").or(() -> camel(s, "proxy-auth-port", "proxyAuthPort"))
                    .orElse("80");
            // the S3 client uses camel-http's proxy credentials too
            String auth = camel(s, "proxy-auth-username", "proxyAuthUsername")
                    .map(u -> encode(u) + ":" + encode(camel(s, "proxy-auth-password", "proxyAuthPassword").orElse(""))
                            + "@").orElse("");
            String url = "http://" + auth + host.get() + ":" + port;
            explicit = EnvProxies.from(Map.of("https_proxy", url, "http_proxy", url, "no_proxy",
                    camel(s, "non-proxy-hosts", "nonProxyHosts").orElse("").replace('|', ',')));
        }
        return new Network(trust, EnvProxies.from(environment), explicit);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Optional<String> camel(Settings s, String dashed, String camelCase) {
        return s.get("camel.component.http." + dashed).or(() -> s.get("camel.component.http." + camelCase));
    }

    /** The proxies in force: camel-http's explicit ones, else the environment's. */
    public EnvProxies proxies() {
        return explicit != null ? explicit : env;
    }

    /** The TLS context with the extra trust, or empty: the JVM's default. */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(trust).map(TrustStores::sslContext);
    }

    /** One line for the start-up log, without credentials. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        EnvProxies p = proxies();
        if (p.any()) {
            b.append("outbound proxy: ");
            if (explicit != null) {
                EnvProxies.ProxyUrl x = explicit.https().orElseThrow();
                b.append("http and https via ").append(x.host()).append(':').append(x.port()).append(" (from"
                        + " camel.component.http.proxy-host").append(x.hasCredentials() ? ", with credentials" : "")
                        .append("); ");
            } else {
                p.https().ifPresent(x -> b.append("https via ").append(x).append("; "));
                p.http().ifPresent(x -> b.append("http via ").append(x).append("; "));
            }
            b.append(p.noProxyText().isEmpty() ? "no NO_PROXY" : "direct for " + p.noProxyText());
        } else {
            b.append("no outbound proxy");
        }
        if (trust != null) {
            b.append("; TLS trusts the JVM's CAs").append(trustOnly() ? " not, only " : " and ").append(trust.added())
                    .append(" certificate(s) of filegate.tls.trust-store");
        }
        return b.toString();
    }

    private boolean trustOnly() {
        // the merged store holds exactly the added certificates when the JVM's were left out
        return trust != null && trust.trustManager().getAcceptedIssuers().length == trust.added();
    }

    public void logOnce() {
        if (trust != null || proxies().any()) {
            LOG.info("{}", describe());
        }
    }

    /**
     * camel-http: the TLS context (through {@link NetworkHttpComponent}) and, unless camel-http's own
     * proxy settings are set, the environment's proxies and their credentials for every endpoint.
     */
    public void applyTo(HttpComponent http) {
        if (http instanceof NetworkHttpComponent n) {
            n.useNetwork(this);
        }
        if (explicit != null || !env.any()) {
            return;
        }
        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
        for (EnvProxies.ProxyUrl p : new EnvProxies.ProxyUrl[] {env.https().orElse(null), env.http().orElse(null)}) {
            if (p != null && p.hasCredentials()) {
                credentials.setCredentials(new AuthScope(p.host(), p.port()),
                        new UsernamePasswordCredentials(p.user(), p.password().toCharArray()));
            }
        }
        HttpClientConfigurer proxies = builder -> {
            // camel-http's proxy settings given on the component after start win over the environment too
            if (http.getProxyHost() != null || http.getProxyAuthHost() != null) {
                return;
            }
            builder.setRoutePlanner(new SystemDefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE, env));
            builder.setDefaultCredentialsProvider(credentials);
        };
        // beside whatever is configured already (pacing's interceptor)
        http.setHttpClientConfigurer(CompositeHttpConfigurer.combineConfigurers(http.getHttpClientConfigurer(),
                proxies));
    }

    /** The S3 client's HTTP client: same trust, same proxies; the SDK's own reading of the environment is off. */
    public ApacheHttpClient.Builder s3HttpClient() {
        ApacheHttpClient.Builder b = ApacheHttpClient.builder().proxyConfiguration(ProxyConfiguration.builder()
                .useSystemPropertyValues(false).useEnvironmentVariableValues(false).build());
        if (trust != null) {
            TrustManager[] tms = {trust.trustManager()};
            b.tlsTrustManagersProvider(() -> tms);
        }
        EnvProxies p = proxies();
        if (p.any()) {
            b.httpRoutePlanner(new org.apache.http.impl.conn.SystemDefaultRoutePlanner(p));
            org.apache.http.impl.client.BasicCredentialsProvider c = new org.apache.http.impl.client.BasicCredentialsProvider();
            for (var u : new Optional[] {p.https(), p.http()}) {
                if (u.orElse(null) instanceof EnvProxies.ProxyUrl x && x.hasCredentials()) {
                    c.setCredentials(new org.apache.http.auth.AuthScope(x.host(), x.port()),
                            new org.apache.http.auth.UsernamePasswordCredentials(x.user(), x.password()));
                }
            }
            b.credentialsProvider(c);
        }
        return b;
    }

    /** Whether a request to {@code url} goes through a proxy (for messages and tests). */
    public boolean proxied(String url) {
        return proxies().forUri(URI.create(url)).isPresent();
    }
}
