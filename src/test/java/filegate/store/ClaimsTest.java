package filegate.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import filegate.manifest.Claim;
import filegate.manifest.ClaimLostException;
import filegate.manifest.Claims;
import filegate.manifest.ManifestEntry;
import filegate.support.Postgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Claims between two nodes on one real PostgreSQL: one winner, lease expiry, takeover, fencing. */
@ExtendWith(Postgres.class)
class ClaimsTest {
    private static PgStore node(String url, String id, int leaseSeconds) {
        return PgStore.open(new StoreSettings(url, Postgres.USER, Postgres.PASSWORD, 8, leaseSeconds, id), true, "test");
    }

    private static ManifestEntry uploaded(Claim claim) {
        ManifestEntry e = new ManifestEntry("uploaded");
        e.source = claim.source();
        e.provider = "openai";
        e.purpose = "fine-tune";
        e.sha256 = "abc";
        e.fileId = "file-1";
        e.fence = List.of(claim);
        return e;
    }

    @Test
    void of_many_takers_at_the_same_moment_exactly_one_gets_the_item() throws Exception {
        String url = Postgres.newDatabase();
        try (PgStore a = node(url, "a", 30); PgStore b = node(url, "b", 30)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Boolean>> takes = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    PgStore n = i % 2 == 0 ? a : b;
                    Callable<Boolean> take = () -> n.claims().take("item-1", Claims.Kind.ITEM, "one").isPresent();
                    takes.add(pool.submit(take));
                }
                int won = 0;
                for (Future<Boolean> f : takes) {
                    won += f.get() ? 1 : 0;
                }
                assertEquals(1, won);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void a_node_whose_lease_ran_out_cannot_record_or_commit_what_another_node_took_over() throws Exception {
        String url = Postgres.newDatabase();
        try (PgStore a = node(url, "a", 2); PgStore b = node(url, "b", 2)) {
            // a takes the item and stops renewing (as a node frozen by SIGSTOP would)
            a.nodeClaims().close();
            Claim mine = a.claims().take("item-2", Claims.Kind.ITEM, "inbox/two.jsonl").orElseThrow();
            assertTrue(b.claims().take("item-2", Claims.Kind.ITEM, "inbox/two.jsonl").isEmpty(), "held by a");

            Claim taken = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> b.claims().take("item-2", Claims.Kind.ITEM, "inbox/two.jsonl").orElse(null),
                            c -> c != null);
            assertTrue(taken.version() > mine.version(), "a takeover draws a new fencing version");

            assertFalse(a.claims().held(mine), "a must not commit the item");
            ClaimLostException refused = assertThrows(ClaimLostException.class, () -> a.append(uploaded(mine)));
            assertTrue(refused.getMessage().startsWith("node " + a.nodeClaims().owner() + " lost its claim on"
                    + " inbox/two.jsonl"), refused.getMessage());
            assertTrue(refused.getMessage().contains("node " + b.nodeClaims().owner() + " has it now"), refused.getMessage());
            assertTrue(refused.getMessage().contains("If that node uploads it too, file-1 is a second copy"),
                    refused.getMessage());

            b.append(uploaded(taken));
            assertEquals(1, Postgres.events(url, "uploaded").size());
            assertEquals("b", Postgres.events(url, "uploaded").get(0).path("_node").asText());

            // released, the item can be taken again, and a's old version stays refused
            b.claims().release(taken);
            assertTrue(a.claims().take("item-2", Claims.Kind.ITEM, "inbox/two.jsonl").isPresent());
            assertThrows(ClaimLostException.class, () -> a.append(uploaded(mine)));
        }
    }

    @Test
    void a_committed_item_is_not_taken_again_by_a_node_that_listed_it_before() throws Exception {
        String url = Postgres.newDatabase();
        try (PgStore a = node(url, "a", 30); PgStore b = node(url, "b", 30)) {
            Claim mine = a.claims().take("s3:s3://b/k#e1", Claims.Kind.ITEM, "s3://b/k").orElseThrow();
            a.claims().committed(mine);
            assertTrue(b.claims().take("s3:s3://b/k#e1", Claims.Kind.ITEM, "s3://b/k").isEmpty());
            Claim other = a.claims().take("file:inbox:x:1:2", Claims.Kind.ITEM, "inbox/x").orElseThrow();
            a.claims().release(other);
            assertTrue(b.claims().take("file:inbox:x:1:2", Claims.Kind.ITEM, "inbox/x").isPresent(),
                    "a released (not committed) item is free");
        }
    }

    @Test
    void the_heartbeat_keeps_a_working_node_s_claims_beyond_the_lease() throws Exception {
        String url = Postgres.newDatabase();
        try (PgStore a = node(url, "a", 2); PgStore b = node(url, "b", 2)) {
            Claim mine = a.claims().take("item-3", Claims.Kind.ITEM, "inbox/three.jsonl").orElseThrow();
            await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> true);
            assertTrue(b.claims().take("item-3", Claims.Kind.ITEM, "inbox/three.jsonl").isEmpty());
            assertTrue(a.claims().held(mine));
            a.append(uploaded(mine));
            assertEquals(1, a.nodeClaims().heldNow());
        }
    }
}
