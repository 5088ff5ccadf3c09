package filegate.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.ChildJvm;
import filegate.support.EndToEnd;
import filegate.support.FakeProvider;
import filegate.support.Harness;
import filegate.support.Nodes;
import filegate.support.Postgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two Filegate processes (child JVMs) on one PostgreSQL store and one shared drop folder. */
@ExtendWith(Postgres.class)
class SeveralNodesTest extends EndToEnd {
    private static final Pattern SUMMARY = Pattern.compile("filegate sync: (\\d+) uploaded, (\\d+) duplicate,"
            + " (\\d+) rejected, (\\d+) failed");
    private String url;

    @BeforeEach
    void store() {
        url = Postgres.newDatabase();
    }

    /** Item claims held now, per holder. */
    private Map<String, Integer> itemClaims() throws Exception {
        try (Connection c = Postgres.connect(url); ResultSet rs = c.createStatement().executeQuery(
                "SELECT node, count(*) FROM filegate_claim WHERE kind = 'item' AND node IS NOT NULL GROUP BY node")) {
            Map<String, Integer> out = new java.util.HashMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
            return out;
        } catch (java.sql.SQLException e) {
            return Map.of(); // the first node has not created the tables yet
        }
    }

    private List<Path> left() throws Exception {
        try (Stream<Path> s = Files.walk(h.inbox)) {
            return s.filter(Files::isRegularFile).filter(p -> !h.inbox.relativize(p).toString().startsWith("."))
                    .toList();
        }
    }

    private static long[] counts(ChildJvm.Result r) {
        Matcher m = SUMMARY.matcher(r.stdout());
        assertTrue(m.find(), r.stdout() + r.stderr());
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
            Long.parseLong(m.group(4))};
    }

    @Test
    void two_nodes_racing_on_200_identical_copies_upload_them_once_and_record_199_duplicates() throws Exception {
        String content = Harness.chat("the same bytes, 200 times");
        for (int i = 0; i < 200; i++) {
            h.drop(String.format("copies/copy-%03d.jsonl", i), content);
        }
        // the one upload is held until both nodes hold copies: both then want to send the same bytes at once
        CountDownLatch bothWorking = new CountDownLatch(1);
        provider.answer(r -> {
            if (r.method().equals("POST")) {
                try {
                    bothWorking.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return provider.openAiFile(r);
        });
        try (Nodes nodes = new Nodes(h, url)) {
            ChildJvm.Running a = nodes.start("node-a", "--sync");
            ChildJvm.Running b = nodes.start("node-b", "--sync");
            await().atMost(Duration.ofSeconds(90)).until(() -> itemClaims().size() == 2);
            bothWorking.countDown();
            ChildJvm.Result ra = a.finish(120);
            ChildJvm.Result rb = b.finish(120);

            assertEquals(0, ra.exitCode(), ra.stdout() + ra.stderr());
            assertEquals(0, rb.exitCode(), rb.stdout() + rb.stderr());
            long[] ca = counts(ra);
            long[] cb = counts(rb);
            System.out.printf("race: node-a %d uploaded + %d duplicate, node-b %d uploaded + %d duplicate%n", ca[0],
                    ca[1], cb[0], cb[1]);
            assertTrue(ca[0] + ca[1] > 0 && cb[0] + cb[1] > 0, "each node printed its own share");
            assertEquals(1, ca[0] + cb[0], "one upload in the whole cluster");
            assertEquals(199, ca[1] + cb[1]);
        }
        assertEquals(1, provider.uploads().size(), "the provider got the bytes once");
        List<JsonNode> uploaded = Postgres.events(url, "uploaded");
        List<JsonNode> duplicates = Postgres.events(url, "duplicate");
        assertEquals(1, uploaded.size());
        assertEquals(199, duplicates.size());
        String id = uploaded.get(0).path("file_id").asText();
        assertTrue(duplicates.stream().allMatch(d -> d.path("file_id").asText().equals(id)));
        Set<String> sources = Stream.concat(uploaded.stream(), duplicates.stream()).map(n -> n.path("source").asText())
                .collect(Collectors.toSet());
        assertEquals(200, sources.size(), "one outcome per copy");
        assertEquals(Set.of("node-a", "node-b"), Stream.concat(uploaded.stream(), duplicates.stream())
                .map(n -> n.path("_node").asText()).collect(Collectors.toSet()));
        assertEquals(List.of(), left(), "every copy committed");
        try (Stream<Path> s = Files.walk(h.inbox.resolve(".done"))) {
            assertEquals(200, s.filter(Files::isRegularFile).count());
        }
        assertEquals(Map.of(), itemClaims(), "nothing is left claimed");
    }

    @Test
    void two_nodes_syncing_at_once_one_killed_the_other_takes_its_files_over_and_ends_when_all_are_done()
            throws Exception {
        int files = 60;
        for (int i = 0; i < files; i++) {
            h.drop(String.format("fine-tune/s-%02d.jsonl", i), Harness.chat("sync " + i));
        }
        provider.answer(r -> {
            if (r.method().equals("GET")) {
                return provider.openAiFile(r);
            }
            FakeProvider.Stored s = provider.store(r);
            await().pollDelay(Duration.ofMillis(100)).until(() -> true);
            return FakeProvider.fileJson(s);
        });
        ChildJvm.Result rb;
        try (Nodes nodes = new Nodes(h, url, "-Dfilegate.store.lease-seconds=3")) {
            ChildJvm.Running a = nodes.start("node-a", "--sync");
            ChildJvm.Running b = nodes.start("node-b", "--sync");
            await().atMost(Duration.ofSeconds(90)).until(() -> itemClaims().size() == 2
                    && provider.uploads().size() >= 10);
            a.process().destroyForcibly(); // SIGKILL
            a.process().waitFor(30, TimeUnit.SECONDS);
            rb = b.finish(120);
        }
        assertEquals(0, rb.exitCode(), rb.stdout() + rb.stderr());
        assertTrue((rb.stdout() + rb.stderr()).contains("from node node-a#"), "node-b took over node-a's files");
        assertEquals(List.of(), left(), "node-b ended only once every file was committed");
        List<JsonNode> uploaded = Postgres.events(url, "uploaded");
        assertEquals(files, uploaded.stream().map(n -> n.path("sha256").asText()).distinct().count());
        assertEquals(files, uploaded.size(), "one uploaded line per file");
        Map<String, Long> perSha = provider.stored().stream()
                .collect(Collectors.groupingBy(FakeProvider.Stored::sha256, Collectors.counting()));
        assertTrue(perSha.values().stream().allMatch(n -> n == 1), "each file stored once: " + perSha);
        long[] share = counts(rb);
        assertTrue(share[0] + share[1] > 0 && share[0] + share[1] <= files, rb.stdout());
    }

    @Test
    void a_node_frozen_longer_than_its_lease_loses_its_files_and_records_and_commits_none_of_them_after()
            throws Exception {
        int files = 12;
        for (int i = 0; i < files; i++) {
            h.drop(String.format("fine-tune/f-%02d.jsonl", i), Harness.chat("frozen " + i));
        }
        // the provider keeps each upload for a second before it answers: the frozen node is mid-upload
        provider.answer(r -> {
            if (r.method().equals("GET")) {
                return provider.openAiFile(r);
            }
            FakeProvider.Stored s = provider.store(r);
            await().pollDelay(Duration.ofMillis(1000)).until(() -> true);
            return FakeProvider.fileJson(s);
        });
        try (Nodes nodes = new Nodes(h, url, "-Dfilegate.store.lease-seconds=3", "-Dfilegate.parallel-files=2")) {
            ChildJvm.Running a = nodes.start("node-a");
            await().atMost(Duration.ofSeconds(60)).until(() -> !provider.uploads().isEmpty());
            Nodes.signal(a, "STOP");
            long frozenAt = System.currentTimeMillis();
            Map<String, Integer> heldByA = itemClaims();
            assertEquals(1, heldByA.size(), "the frozen node holds files: " + heldByA);
            String ownerA = heldByA.keySet().iterator().next();

            ChildJvm.Running b = nodes.start("node-b");
            await().atMost(Duration.ofSeconds(90)).until(() -> left().isEmpty()
                    && Postgres.events(url, "uploaded").size() == files);
            assertTrue(System.currentTimeMillis() - frozenAt > 3000, "node-b took node-a's files after the lease");
            int linesOfA = (int) Postgres.events(url).stream().filter(n -> n.path("_node").asText().equals("node-a"))
                    .count();

            Nodes.signal(a, "CONT");
            // node-a wakes up to answers for uploads it began, and to files it had claimed
            await().atMost(Duration.ofSeconds(30)).until(() -> Nodes.log(a).contains("lost its claim"));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> Postgres.events(url)
                    .stream().filter(n -> n.path("_node").asText().equals("node-a")).count() == linesOfA);
            assertTrue(Nodes.log(a).contains("lost its claim on"), Nodes.log(a));
            Nodes.log(a).lines().filter(l -> l.contains("claim") || l.contains("ERROR") || l.contains("Exception"))
                    .forEach(l -> System.out.println("node-a after SIGCONT: " + l));
            assertTrue(Nodes.log(b).contains("took over") && Nodes.log(b).contains("from node " + ownerA), Nodes.log(b));
            assertTrue(a.process().isAlive(), "node-a goes on working");
        }
        List<JsonNode> uploaded = Postgres.events(url, "uploaded");
        assertEquals(files, uploaded.size(), "one uploaded line per file");
        assertEquals(files, uploaded.stream().map(n -> n.path("source").asText()).distinct().count());
        assertTrue(uploaded.stream().noneMatch(n -> n.path("_node").asText().equals("node-a")),
                "node-a recorded none of the files node-b took");
        assertTrue(uploaded.stream().anyMatch(n -> n.path("reconciled").asBoolean()),
                "node-b found node-a's interrupted upload at the provider instead of sending it again");
        Map<String, Long> perSha = provider.stored().stream()
                .collect(Collectors.groupingBy(FakeProvider.Stored::sha256, Collectors.counting()));
        assertEquals(files, perSha.size());
        assertTrue(perSha.values().stream().allMatch(n -> n == 1), "each file stored once: " + perSha);
        assertEquals(List.of(), left());
        Path done = h.inbox.resolve(".done").resolve(LocalDate.now(ZoneOffset.UTC).toString()).resolve("fine-tune");
        try (Stream<Path> s = Files.list(done)) {
            assertEquals(files, s.count(), "each file committed once, by node-b");
        }
        assertTrue(Files.notExists(h.inbox.resolve(".failed")));
    }
}
