package filegate.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import filegate.support.ChildJvm;
import filegate.support.ConnectProxy;
import filegate.support.EndToEnd;
import filegate.support.FakeProvider;
import filegate.support.Harness;
import filegate.support.TestCa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider behind TLS with a private CA, reached directly or through a real CONNECT proxy: the CA is
 * trusted only through filegate.tls.trust-store, uploads and the probe go through the proxy the
 * environment names (with its credentials, never shown), NO_PROXY hosts go direct, and camel-http's own
 * proxy settings win over the environment.
 */
class TlsAndProxyTest extends EndToEnd {
    private static final String PROXY_USER = "fg-proxy-user";
    private static final String PROXY_SECRET = "pr0xy-s3cret-4711";

    @TempDir
    static Path caDir;
    private static TestCa ca;
    private FakeProvider tls;

    @BeforeAll
    static void makeCa() {
        ca = new TestCa(caDir);
    }

    @BeforeEach
    void startTlsProvider() throws Exception {
        tls = new FakeProvider(ca.serverContext());
        h.set("filegate.providers.openai.base-url", tls.baseUrl());
    }

    @AfterEach
    void stopTlsProvider() {
        tls.close();
    }

    private int port() {
        return Integer.parseInt(tls.root().substring(tls.root().lastIndexOf(':') + 1));
    }

    @Test
    void a_private_ca_in_a_pem_bundle_is_trusted_for_the_probe_and_the_upload() {
        h.set("filegate.tls.trust-store", ca.caPem().toString()).set("filegate.probe.enabled", "true");
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));

        Harness.Run r = h.syncCapturing();

        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(1, tls.uploads().size());
        assertEquals(1, h.manifestLines("uploaded").size());
        assertEquals(2, tls.requests().size(), "the probe's GET and the upload, both over TLS");
    }

    @Test
    void a_pkcs12_trust_store_with_a_password_works_too() {
        h.set("filegate.tls.trust-store", ca.caP12().toString())
                .set("filegate.tls.trust-store-password", TestCa.PASSWORD);
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));

        assertEquals(0, h.sync());
        assertEquals(1, tls.uploads().size());
    }

    @Test
    void an_untrusted_server_is_refused_with_a_message_naming_the_setting() {
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));
        h.set("filegate.probe.enabled", "true");

        Harness.Run probed = h.syncCapturing();

        assertEquals(2, probed.exitCode(), probed.stderr());
        assertTrue(probed.stderr().contains("TLS handshake failed") && probed.stderr().contains(
                "set filegate.tls.trust-store to its CA certificate"), probed.stderr());

        // without the probe the upload itself fails, and the manifest says what to set
        h.set("filegate.probe.enabled", "false").set("filegate.retry.max-attempts", "1");
        assertNotEquals(0, h.sync());
        assertEquals(0, tls.uploads().size());
        var failed = h.manifestLines("failed").get(0);
        assertTrue(failed.path("reason").asText().contains("set filegate.tls.trust-store to its CA certificate"),
                failed.toString());
        assertFalse(failed.path("ambiguous").asBoolean(), "a refused certificate means nothing was sent");
    }

    /** Filegate in its own JVM, with {@code env} as its environment (proxies are read from there only). */
    private ChildJvm.Result childSync(Map<String, String> env, String... jvmArgs) throws Exception {
        List<String> args = new ArrayList<>(h.keylessJvmArgs("-Dfilegate.probe.enabled=true",
                "-Dfilegate.tls.trust-store=" + ca.caPem()));
        args.addAll(List.of(jvmArgs));
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("OPENAI_API_KEY", Harness.KEY);
        return ChildJvm.run(ChildJvm.projectDir(), all, args, "--sync");
    }

    @Test
    void uploads_and_the_probe_go_through_the_proxy_with_its_credentials_which_are_never_shown() throws Exception {
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));
        try (ConnectProxy proxy = new ConnectProxy(PROXY_USER, PROXY_SECRET)) {
            ChildJvm.Result r = childSync(Map.of("HTTPS_PROXY", "http://" + PROXY_USER + ":" + PROXY_SECRET
                    + "@127.0.0.1:" + proxy.port(), "NO_PROXY", "example.com"));

            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals(1, tls.uploads().size());
            // one tunnel for the probe, one for the upload: each camel-http endpoint has its own pool
            assertEquals(List.of("127.0.0.1:" + port(), "127.0.0.1:" + port()), proxy.targets());
            assertTrue(proxy.challenged() >= 1, "the proxy asked for credentials and got them");
            assertTrue(r.stderr().contains("https via 127.0.0.1:" + proxy.port() + " (from HTTPS_PROXY, with"
                    + " credentials)"), r.stderr());
            assertFalse((r.stdout() + r.stderr()).contains(PROXY_SECRET));
            assertFalse(Files.readString(h.manifest).contains(PROXY_SECRET));
        }
    }

    @Test
    void no_proxy_hosts_go_direct() throws Exception {
        h.set("filegate.providers.openai.base-url", "https://localhost:" + port() + "/v1");
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));
        try (ConnectProxy proxy = new ConnectProxy(null, null)) {
            ChildJvm.Result r = childSync(Map.of("https_proxy", "http://127.0.0.1:" + proxy.port(),
                    "no_proxy", "internal.example,localhost"));

            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals(1, tls.uploads().size());
            assertEquals(List.of(), proxy.targets());
        }
    }

    @Test
    void camel_http_proxy_settings_win_over_the_environment() throws Exception {
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));
        try (ConnectProxy fromEnv = new ConnectProxy(null, null); ConnectProxy explicit = new ConnectProxy(null, null)) {
            ChildJvm.Result r = childSync(Map.of("HTTPS_PROXY", "http://127.0.0.1:" + fromEnv.port()),
                    "-Dcamel.component.http.proxy-host=127.0.0.1",
                    "-Dcamel.component.http.proxy-port=" + explicit.port());

            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals(1, tls.uploads().size());
            assertEquals(List.of(), fromEnv.targets());
            assertEquals(List.of("127.0.0.1:" + port(), "127.0.0.1:" + port()), explicit.targets());
        }
    }
}
