package filegate.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import filegate.ConfigException;
import org.junit.jupiter.api.Test;

/** HTTPS_PROXY / HTTP_PROXY / NO_PROXY read as curl and the SDKs read them. */
class EnvProxiesTest {
    private static Optional<String> via(Map<String, String> env, String url) {
        return EnvProxies.from(env).forUri(URI.create(url)).map(p -> p.host() + ":" + p.port());
    }

    @Test
    void https_urls_use_https_proxy_and_http_urls_http_proxy_lower_case_winning() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://upper:3128", "https_proxy", "http://lower:3129",
                "HTTP_PROXY", "plain:8080");
        assertEquals(Optional.of("lower:3129"), via(env, "https://api.openai.com/v1/files"));
        assertEquals(Optional.of("plain:8080"), via(env, "http://minio.local:9000/bucket"));
        assertEquals(Optional.empty(), via(Map.of("HTTP_PROXY", "http://p:1"), "https://api.openai.com/v1"));
        assertEquals(Optional.empty(), via(Map.of(), "https://api.openai.com/v1"));
    }

    @Test
    void no_proxy_takes_domains_with_their_subdomains_ports_addresses_blocks_and_star() {
        EnvProxies p = EnvProxies.from(Map.of("HTTPS_PROXY", "http://p:3128", "NO_PROXY",
                " Example.com, .corp.internal,svc.local:8443 ,10.1.2.3, 192.168.0.0/16, [::1], fd00::/8"));
        assertTrue(p.bypassed("example.com", 443));
        assertTrue(p.bypassed("API.example.com", 443));
        assertFalse(p.bypassed("notexample.com", 443));
        assertTrue(p.bypassed("corp.internal", 443));
        assertTrue(p.bypassed("files.corp.internal", 443));
        assertTrue(p.bypassed("svc.local", 8443));
        assertFalse(p.bypassed("svc.local", 443));
        assertTrue(p.bypassed("10.1.2.3", 443));
        assertFalse(p.bypassed("10.1.2.4", 443));
        assertTrue(p.bypassed("192.168.7.9", 443));
        assertFalse(p.bypassed("192.169.0.1", 443));
        assertTrue(p.bypassed("[::1]", 443));
        assertTrue(p.bypassed("fd12::5", 443));
        assertFalse(p.bypassed("api.openai.com", 443));
        assertEquals(Optional.empty(), via(Map.of("https_proxy", "http://p:1", "no_proxy", "*"), "https://x.y/z"));
        assertEquals(Optional.of("p:1"), via(Map.of("https_proxy", "http://p:1", "no_proxy", "localhost"),
                "https://127.0.0.1:8443/v1"));
    }

    @Test
    void credentials_in_the_proxy_url_are_kept_but_never_shown() {
        EnvProxies p = EnvProxies.from(Map.of("HTTPS_PROXY", "http://svc%40corp:p%3Ass+w0rd@proxy.corp:8080"));
        EnvProxies.ProxyUrl u = p.https().orElseThrow();
        assertEquals("svc@corp", u.user());
        assertEquals("p:ss+w0rd", u.password());
        assertEquals("proxy.corp:8080 (from HTTPS_PROXY, with credentials)", u.toString());
        ConfigException e = assertThrows(ConfigException.class,
                () -> EnvProxies.from(Map.of("https_proxy", "socks5://u:hunter2@proxy:1080")));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().startsWith("https_proxy must be an http:// proxy URL"), e.getMessage());
    }
}
