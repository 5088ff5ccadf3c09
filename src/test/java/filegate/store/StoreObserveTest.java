package filegate.store;

import static filegate.support.Observe.sample;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import filegate.support.EndToEnd;
import filegate.support.Harness;
import filegate.support.Observe;
import filegate.support.Postgres;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A node on the store in watch mode: /observe/health names the store and its claims, metrics its node id. */
@ExtendWith(Postgres.class)
class StoreObserveTest extends EndToEnd {
    @Test
    void health_reports_the_store_and_this_node_s_claims_and_every_metric_carries_the_node_id() throws Exception {
        String url = Postgres.newDatabase();
        Postgres.use(h, url).set("filegate.node-id", "obs-node");
        CamelContext ctx = h.watch();
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));
        h.drop("fine-tune/b.jsonl", Harness.chat("b"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Postgres.events(url, "uploaded").size() == 2);

        Observe o = Observe.of(ctx);
        Observe.Answer health = o.get("/observe/health/ready?exposureLevel=full");
        assertEquals(200, health.status(), health.body());
        assertNotNull(health.check("store"), health.body());
        assertEquals("UP", health.check("store").path("status").asText(), health.body());
        String message = health.message("store");
        assertTrue(message.startsWith("node obs-node holds 0 claim(s) in " + url + "; leases of 30 s, last renewed"),
                message);
        assertTrue(!health.body().contains(Postgres.PASSWORD));

        Map<String, Double> m = o.metrics();
        assertEquals(2.0, sample(m, "filegate_files_total", "node=obs-node", "provider=openai", "outcome=uploaded"));
        assertNotNull(sample(m, "filegate_claims_held", "node=obs-node"));
        assertTrue(m.keySet().stream().filter(k -> k.startsWith("camel_exchanges_total"))
                .allMatch(k -> k.contains("node=\"obs-node\"")), "Camel's own meters carry it too");
    }
}
