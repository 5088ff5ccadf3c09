package filegate.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.EndToEnd;
import filegate.support.FakeProvider.Response;
import filegate.support.Harness;
import filegate.support.Observe;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /observe/health in watch mode: readiness follows providers and sources, without a restart. */
class HealthTest extends EndToEnd {
    @BeforeEach
    void probeEverySecond() {
        h.set("filegate.probe.enabled", "true").set("filegate.probe.interval-seconds", "1");
    }

    @Test
    void readiness_goes_down_while_the_provider_fails_and_up_again_when_it_recovers() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        provider.answer(r -> down.get() && r.method().equals("GET")
                ? Response.json(503, "{\"error\":{\"message\":\"upstream overloaded\",\"type\":\"server_error\"}}")
                : provider.openAiFile(r));
        CamelContext ctx = h.watch();
        Observe o = Observe.of(ctx);

        Observe.Answer ready = o.get("/observe/health/ready");
        assertEquals(503, ready.status(), ready.body());
        assertEquals("DOWN", ready.json().path("status").asText());
        JsonNode check = ready.check("provider:openai");
        assertEquals("DOWN", check.path("status").asText(), ready.body());
        assertTrue(ready.message("provider:openai").contains("answered HTTP 503 (server_error): upstream overloaded"),
                check.toString());
        Observe.Answer live = o.get("/observe/health/live");
        assertEquals(200, live.status(), "an unusable provider is no reason to restart Filegate: " + live.body());

        down.set(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> o.get("/observe/health/ready").status() == 200);
        assertEquals("UP", o.get("/observe/health").json().path("status").asText());
    }

    @Test
    void files_for_an_unusable_provider_stay_in_the_drop_folder_and_go_once_it_is_usable_again() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        provider.answer(r -> down.get() && r.method().equals("GET")
                ? Response.json(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":"
                        + "\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")
                : provider.openAiFile(r));
        CamelContext ctx = h.watch();
        Path file = h.drop("fine-tune/held.jsonl", Harness.chat("held"));
        // many polls (every 100 ms, files still after 300 ms) and probes (every second) go by
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                .until(() -> Files.exists(file) && provider.uploads().isEmpty());
        assertTrue(Files.exists(file), "the file waits where it was dropped");
        assertEquals(0, provider.uploads().size(), "nothing is sent to a provider that refuses the key");
        assertEquals(List.of(), h.manifestLines(), "a held file is not an outcome");
        assertEquals(503, Observe.of(ctx).get("/observe/health/ready").status());

        down.set(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> h.manifestLines("uploaded").size() == 1);
        assertEquals(1, provider.uploads().size());
        // the line is written first, the file moves once it is on disk: wait for the move, not just the line
        Path done = h.inbox.resolve(".done").resolve(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString())
                .resolve("fine-tune/held.jsonl");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done));
        assertTrue(Files.exists(done));
    }

    @Test
    void a_provider_that_refuses_connections_leaves_watch_mode_running_with_readiness_down() throws Exception {
        int closed = Harness.freeLoopbackPort();
        h.set("filegate.providers.openai.base-url", "http://127.0.0.1:" + closed + "/v1");
        CamelContext ctx = h.watch();
        Observe o = Observe.of(ctx);
        Observe.Answer ready = o.get("/observe/health/ready");
        assertEquals("DOWN", ready.check("provider:openai").path("status").asText());
        assertEquals("openai refuses connections (GET http://127.0.0.1:" + closed + "/v1/files); check"
                + " filegate.providers.openai.base-url and the network", ready.message("provider:openai"));
        assertEquals(200, o.get("/observe/health/live").status());
    }

    @Test
    void a_rejected_key_shows_in_readiness_with_what_to_fix() throws Exception {
        provider.answer(r -> Response.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: "
                + Harness.KEY + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
        CamelContext ctx = h.watch();
        Observe.Answer ready = Observe.of(ctx).get("/observe/health/ready");
        assertEquals("DOWN", ready.check("provider:openai").path("status").asText());
        assertEquals("openai rejects the key: GET " + provider.baseUrl() + "/files answered HTTP 401"
                + " (invalid_request_error/invalid_api_key): Incorrect API key provided: [redacted]; check"
                + " filegate.providers.openai.api-key or OPENAI_API_KEY", ready.message("provider:openai"));
        assertEquals(List.of("Bearer " + Harness.KEY), provider.requests().stream().map(r -> r.header("authorization"))
                .distinct().toList(), "the probe is authenticated");
        assertEquals("/v1/files", provider.requests().get(0).path());
        assertEquals("limit=1", provider.requests().get(0).query());
    }

    @Test
    void readiness_goes_down_while_the_drop_folder_is_missing_and_up_when_it_is_back() throws Exception {
        h.set("filegate.probe.enabled", "false");
        CamelContext ctx = h.watch();
        Observe o = Observe.of(ctx);
        await().atMost(Duration.ofSeconds(10)).until(() -> o.get("/observe/health/ready").status() == 200);

        Path moved = tmp.resolve("inbox-away");
        Files.move(h.inbox, moved);
        Observe.Answer ready = o.get("/observe/health/ready");
        assertEquals(503, ready.status(), ready.body());
        assertEquals("drop folder " + h.inbox + " does not exist; create it (or fix the route's dir)",
                ready.message("source:inbox"));

        Files.move(moved, h.inbox);
        assertEquals(200, o.get("/observe/health/ready").status());
    }

    @Test
    void the_management_server_listens_on_loopback_only() throws Exception {
        CamelContext ctx = h.watch();
        int port = Observe.of(ctx).port();
        // 0100007F is 127.0.0.1 in /proc/net/tcp's byte order; ::1 would be 00000000000000000000000001000000
        assertEquals(List.of("0100007F"), Observe.listeningAddresses(port));
    }

    @Test
    void the_management_address_is_configurable() throws Exception {
        // another loopback address: the bound address is read from the kernel, never connected to
        h.set("camel.management.host", "127.0.0.2");
        CamelContext ctx = h.watch();
        String url = filegate.FilegateApp.managementUrl(ctx).orElseThrow();
        int port = java.net.URI.create(url).getPort();
        assertEquals(List.of("0200007F"), Observe.listeningAddresses(port));
    }
}
