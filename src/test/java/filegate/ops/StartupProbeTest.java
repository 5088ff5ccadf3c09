package filegate.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import filegate.FilegateApp;
import filegate.support.ConnectProxy;
import filegate.support.FakeProvider.Response;
import filegate.support.FakeProvider;
import filegate.support.Harness;
import filegate.support.Observe;
import filegate.support.StartupRefusal;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The start-up probe: a wrong key or URL stops a one-shot run before any file is touched; a provider
 * that is only failing for now does not.
 */
class StartupProbeTest extends StartupRefusal {
    @BeforeEach
    void probeOn() {
        h.set("filegate.probe.enabled", "true");
    }

    /** The one line on stderr of a run that must stop with exit 2 without touching anything. */
    private String refusedStart() {
        return "filegate: " + refused();
    }

    @Test
    void sync_with_a_rejected_key_exits_2_before_any_file_is_touched() {
        provider.answer(r -> Response.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: "
                + Harness.KEY + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
        assertEquals("filegate: provider openai rejects the key: GET " + provider.baseUrl() + "/files answered"
                        + " HTTP 401 (invalid_request_error/invalid_api_key): Incorrect API key provided: [redacted];"
                        + " check filegate.providers.openai.api-key or OPENAI_API_KEY (start-up probe;"
                        + " filegate.probe.enabled=false skips it)",
                refusedStart());
    }

    @Test
    void sync_against_a_url_that_refuses_connections_exits_2_before_any_file_is_touched() throws Exception {
        int closed = Harness.freeLoopbackPort();
        h.set("filegate.providers.openai.base-url", "http://127.0.0.1:" + closed + "/v1");
        assertEquals("filegate: provider openai refuses connections (GET http://127.0.0.1:" + closed + "/v1/files);"
                + " check filegate.providers.openai.base-url and the network (start-up probe;"
                + " filegate.probe.enabled=false skips it)", refusedStart());
    }

    @Test
    void sync_against_a_wrong_path_exits_2_naming_the_base_url() {
        h.set("filegate.providers.openai.base-url", provider.root() + "/wrong");
        provider.answer(r -> r.path().startsWith("/wrong")
                ? Response.json(404, "{\"error\":{\"message\":\"Not found\"}}") : provider.openAiFile(r));
        assertEquals("filegate: provider openai has no such endpoint: GET " + provider.root() + "/wrong/files"
                + " answered HTTP 404: Not found; check filegate.providers.openai.base-url (or set"
                + " filegate.probe.enabled=false if this server has no file list) (start-up probe;"
                + " filegate.probe.enabled=false skips it)", refusedStart());
    }

    @Test
    void sync_goes_ahead_when_the_provider_is_only_failing_for_now() {
        provider.answer(r -> r.method().equals("GET")
                ? Response.json(503, "{\"error\":{\"message\":\"overloaded\"}}") : provider.openAiFile(r));
        assertEquals(0, h.sync());
        assertEquals(1, h.manifestLines("uploaded").size(), "uploads have retries of their own");
    }

    @Test
    void the_probe_is_one_cheap_authenticated_get_before_the_first_upload() {
        assertEquals(0, h.sync());
        List<FakeProvider.Request> r = provider.requests();
        assertEquals(2, r.size());
        assertEquals("GET", r.get(0).method());
        assertEquals("/v1/files", r.get(0).path());
        assertEquals("limit=1", r.get(0).query());
        assertEquals("Bearer " + Harness.KEY, r.get(0).header("authorization"));
        assertEquals("POST", r.get(1).method());
    }

    @Test
    void camel_component_http_settings_reach_the_probe_as_they_reach_the_upload() throws Exception {
        // camel-main sets these on the http component only after configure(): the probe goes out later, through it
        try (ConnectProxy proxy = new ConnectProxy(null, null)) {
            h.set("camel.component.http.proxy-host", "127.0.0.1")
                    .set("camel.component.http.proxy-port", String.valueOf(proxy.port()))
                    .set("camel.component.http.user-agent", "filegate-probe-test/1");
            assertEquals(0, h.sync());

            String target = provider.root().substring("http://".length());
            assertEquals(List.of(target, target), proxy.targets(), "the probe's GET and the upload, both via the proxy");
            List<FakeProvider.Request> r = provider.requests();
            assertEquals(List.of("GET", "POST"), r.stream().map(FakeProvider.Request::method).toList());
            assertEquals(List.of("filegate-probe-test/1", "filegate-probe-test/1"),
                    r.stream().map(x -> x.header("user-agent")).toList());
        }
    }

    @Test
    void a_shorter_camel_http_response_timeout_holds_for_the_probe_too() throws Exception {
        h.set("camel.component.http.response-timeout", "300");
        // the probe's GET is answered only once the test has seen it time out (10 s at most)
        CountDownLatch seen = new CountDownLatch(1);
        provider.answerHeld(r -> r.method().equals("GET"), r -> seen.await(10, TimeUnit.SECONDS));
        try {
            CamelContext ctx = h.watch();
            // the probe's own filegate.probe.timeout-ms (10 s) is the longest it waits, not the only limit
            assertEquals("openai did not answer within 300 ms (GET " + provider.baseUrl() + "/files)",
                    Observe.of(ctx).get("/observe/health/ready").message("provider:openai"));
        } finally {
            seen.countDown();
        }
    }

    @Test
    void probe_disabled_sends_nothing_before_the_upload() {
        h.set("filegate.probe.enabled", "false");
        provider.answer(r -> r.method().equals("GET") ? Response.json(401, "{}") : provider.openAiFile(r));
        assertEquals(0, h.sync());
        assertEquals(List.of("POST"), provider.requests().stream().map(FakeProvider.Request::method).toList());
    }

    @Test
    void dry_run_does_not_probe() {
        assertEquals(0, new FilegateApp(List.of("--dry-run"), h.props).run());
        assertEquals(0, provider.requests().size());
    }

    /** Runs --sync with a provider that holds every upload until the check on the running app is done. */
    private void whileSyncRuns(Map<String, String> props, java.util.function.Consumer<CamelContext> check)
            throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        provider.answer(r -> {
            if (r.method().equals("POST")) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return provider.openAiFile(r);
        });
        FilegateApp app = new FilegateApp(List.of("--sync"), props);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(app::run);
        try {
            check.accept(app.awaitStarted(30, TimeUnit.SECONDS));
        } finally {
            release.countDown();
        }
        assertEquals(0, run.get(30, TimeUnit.SECONDS));
    }

    @Test
    void one_shot_runs_open_no_management_port_unless_asked() throws Exception {
        whileSyncRuns(h.props, ctx -> assertTrue(FilegateApp.managementUrl(ctx).isEmpty(), "a cron job needs no port"));

        h.drop("fine-tune/second.jsonl", Harness.chat("{\"second\":1}\n"));
        Map<String, String> asked = new java.util.HashMap<>(h.props);
        asked.put("camel.management.enabled", "true");
        whileSyncRuns(asked, ctx -> {
            Observe o = Observe.of(ctx);
            Observe.Answer ready = o.get("/observe/health/ready");
            assertEquals(200, ready.status(), ready.body());
            assertTrue(o.metrics().containsKey("filegate_provider_up{provider=\"openai\"}"),
                    "metrics follow the management server");
        });
    }
}
