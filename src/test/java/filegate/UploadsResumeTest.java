package filegate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.ChildJvm;
import filegate.support.FakeProvider;
import filegate.support.FakeProvider.Request;
import filegate.support.FakeUploads;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filegate in a child JVM, killed with SIGKILL while the parts of a large file are on their way: the next
 * run (in this JVM) picks up the journaled upload, sends only the parts that were not confirmed, and completes it; the
 * provider ends up with the file once, byte for byte.
 */
class UploadsResumeTest {
    private static final int PART = UploadsApiTest.PART;
    private static final int CONFIRMED_BEFORE_KILL = 4;

    @TempDir
    Path tmp;

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void a_restart_after_sigkill_mid_parts_sends_only_the_missing_parts_and_completes_once() throws Exception {
        try (FakeProvider provider = new FakeProvider()) {
            Harness h = new Harness(tmp, provider);
            byte[] big = UploadsApiTest.trainingData(12 * PART, 11);
            int n = UploadsApiTest.partCount(big);
            h.drop("fine-tune/large.jsonl", big);

            // the first few parts are answered; the ones after them hang until the process is gone
            AtomicInteger partRequests = new AtomicInteger();
            AtomicBoolean hang = new AtomicBoolean(true);
            CountDownLatch release = new CountDownLatch(1);
            provider.answer(r -> {
                if (FakeUploads.isPart(r) && hang.get() && partRequests.incrementAndGet() > CONFIRMED_BEFORE_KILL) {
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return provider.openAiFile(r);
            });
            List<String> jvmArgs = List.of("-Xmx128m", "-Dfilegate.inbox=" + h.inbox,
                    "-Dfilegate.manifest=" + h.manifest, "-Dfilegate.inbox.stable-ms=100",
                    "-Dfilegate.providers.openai.base-url=" + provider.baseUrl(),
                    "-Dfilegate.providers.openai.parts-threshold-bytes=" + 2 * PART,
                    "-Dfilegate.providers.openai.part-size-bytes=" + PART,
                    "-Dfilegate.providers.openai.parts-in-flight=2");
            Map<String, String> env = Map.of("OPENAI_API_KEY", Harness.KEY);

            ChildJvm.Running first = ChildJvm.start(ChildJvm.projectDir(), env, jvmArgs, "--sync");
            try {
                // both part slots are stuck and the confirmed parts are journaled: the middle of the upload
                await().atMost(Duration.ofSeconds(60)).until(() -> !first.process().isAlive()
                        || partRequests.get() >= CONFIRMED_BEFORE_KILL + 2
                        && h.manifestLines("part-uploaded").size() == CONFIRMED_BEFORE_KILL);
                assertTrue(first.process().isAlive(), () -> "the first run ended on its own: "
                        + readQuietly(first.err().toPath()));
            } finally {
                first.process().destroyForcibly(); // SIGKILL
                first.process().waitFor(30, TimeUnit.SECONDS);
                hang.set(false);
                release.countDown();
            }

            Set<Integer> journaled = new TreeSet<>();
            h.manifestLines("part-uploaded").forEach(l -> journaled.add(l.get("part").asInt()));
            assertEquals(CONFIRMED_BEFORE_KILL, journaled.size());
            Set<Integer> missing = new TreeSet<>();
            for (int part = 1; part <= n; part++) {
                if (!journaled.contains(part)) {
                    missing.add(part);
                }
            }
            String uploadId = provider.uploadsApi().uploads().get(0).id;
            assertEquals(List.of("intent", "upload-created"), h.manifestLines().stream()
                    .map(l -> l.get("event").asText()).filter(e -> !e.equals("part-uploaded")).toList());
            int before = provider.requests().size();

            // the restart runs in this JVM: same settings, one process start less
            h.set("filegate.providers.openai.parts-threshold-bytes", String.valueOf(2 * PART))
                    .set("filegate.providers.openai.part-size-bytes", String.valueOf(PART))
                    .set("filegate.providers.openai.parts-in-flight", "2");
            assertEquals(0, h.sync());

            List<Request> rerun = provider.requests().subList(before, provider.requests().size());
            Set<Integer> resent = new TreeSet<>();
            Set<Integer> seen = new HashSet<>();
            for (Request r : rerun) {
                if (FakeUploads.isPart(r)) {
                    int part = UploadsApiTest.chunkIndex(big, r.multipart().part("data").data()) + 1;
                    assertTrue(seen.add(part), "part " + part + " sent twice in the second run");
                    resent.add(part);
                    assertEquals("/v1/uploads/" + uploadId + "/parts", r.path(), "parts go to the journaled upload");
                }
            }
            assertEquals(missing, resent, "exactly the parts not confirmed before the kill are sent again");
            assertFalse(rerun.stream().anyMatch(FakeUploads::isCreate), "no new upload");
            assertEquals(1, rerun.stream().filter(FakeUploads::isComplete).count());
            assertTrue(rerun.get(0).method().equals("GET") && rerun.get(0).path().equals("/v1/files"),
                    "the interrupted upload is first looked for in the file list: " + rerun.get(0).path());

            FakeUploads.Upload upload = provider.uploadsApi().uploads().get(0);
            assertEquals(1, provider.uploadsApi().uploads().size());
            assertEquals("completed", upload.status);
            assertEquals(FakeUploads.hex("SHA-256", big), upload.file.sha256(), "assembled byte for byte");
            assertEquals(1, provider.stored().size(), "uploaded exactly once: " + provider.stored());
            assertEquals(List.of(), provider.uploadsApi().violations());

            List<JsonNode> uploaded = h.manifestLines("uploaded");
            assertEquals(1, uploaded.size());
            JsonNode line = uploaded.get(0);
            assertEquals(upload.file.id(), line.get("file_id").asText());
            assertEquals(uploadId, line.get("upload_id").asText());
            assertEquals(n, line.get("parts").asInt());
            assertEquals(CONFIRMED_BEFORE_KILL, line.get("parts_resumed").asInt());
            assertEquals(1, h.manifestLines("intent").size(), "the second run settles the first run's intent");
            assertEquals(h.manifestLines("intent").get(0).get("attempt"), line.get("attempt"));
            assertTrue(Files.exists(h.inbox.resolve(".done").resolve(LocalDate.now(ZoneOffset.UTC).toString())
                    .resolve("fine-tune/large.jsonl")));
        }
    }
}
