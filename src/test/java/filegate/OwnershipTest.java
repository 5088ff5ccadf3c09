package filegate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import filegate.lock.OwnerLock;
import filegate.manifest.JsonlManifest;
import filegate.support.ChildJvm;
import filegate.support.EndToEnd;
import filegate.support.Harness;
import filegate.support.Observe;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/** One Filegate process per drop folder and per manifest: a second one must not upload the same files again. */
class OwnershipTest extends EndToEnd {
    @Test
    void while_one_process_watches_a_folder_a_second_sync_takes_nothing_and_exits_2_and_a_dry_run_still_plans()
            throws Exception {
        List<String> jvm = h.jvmArgs();
        ChildJvm.Running first = ChildJvm.start(ChildJvm.projectDir(), Map.of(), jvm);
        try {
            Path lock = h.inbox.resolve(OwnerLock.FOLDER_LOCK);
            String pid = "Filegate pid " + first.process().pid() + " on ";
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(lock)
                    && Files.readString(lock, StandardCharsets.UTF_8).startsWith(pid));

            Path other = tmp.resolve("other-manifest.jsonl");
            Harness.Run second = h.set("filegate.manifest", other.toString()).syncCapturing();
            assertEquals(2, second.exitCode(), second.stderr());
            assertTrue(second.stderr().contains("drop folder " + h.inbox.toAbsolutePath() + " is being watched by " + pid),
                    second.stderr());
            assertTrue(second.stderr().contains("one Filegate process per folder"), second.stderr());

            // a dry run only looks, so it may run beside the service that owns the folder and its manifest
            h.drop("fine-tune/one.jsonl", Harness.chat("one"));
            await().atMost(Duration.ofSeconds(30)).until(() -> h.manifestLines("uploaded").size() == 1);
            assertEquals(1, provider.requests().size(), "the watching process uploaded the file once");
            assertTrue(Files.readAllLines(other).stream().noneMatch(l -> l.contains("\"uploaded\"")),
                    "the refused run recorded no upload");
            Harness.Run plan = h.set("filegate.manifest", h.manifest.toString()).runCapturing(List.of("--dry-run"));
            assertEquals(0, plan.exitCode(), plan.stderr());
            assertEquals(1, provider.requests().size());
        } finally {
            first.process().destroy();
            first.finish(60);
        }
    }

    @Test
    void a_manifest_in_use_by_another_filegate_is_refused_with_exit_2() throws Exception {
        h.drop("fine-tune/one.jsonl", Harness.chat("one"));
        try (JsonlManifest inUse = new JsonlManifest(h.manifest)) {
            Harness.Run run = h.syncCapturing();
            assertEquals(2, run.exitCode(), run.stderr());
            assertTrue(run.stderr().contains("manifest " + h.manifest.toAbsolutePath() + " is in use by Filegate pid "
                    + ProcessHandle.current().pid()), run.stderr());
            assertTrue(run.stderr().contains("one Filegate process per manifest"), run.stderr());
        }
        assertEquals(0, provider.requests().size());
        assertTrue(Files.exists(h.inbox.resolve("fine-tune/one.jsonl")), "the file stays for the process that owns it");

        // once the owner has gone, the manifest is free again
        assertEquals(0, h.sync());
        assertEquals(1, h.manifestLines("uploaded").size());
    }

    @Test
    void readiness_is_down_while_another_process_owns_the_folder_and_files_stay_until_it_lets_go() throws Exception {
        Files.createDirectories(h.inbox);
        OwnerLock other = OwnerLock.acquire(h.inbox.resolve(OwnerLock.FOLDER_LOCK)).lock();
        h.drop("fine-tune/one.jsonl", Harness.chat("one"));
        CamelContext ctx = h.watch();
        Observe o = Observe.of(ctx);
        await().atMost(Duration.ofSeconds(10)).until(() -> o.get("/observe/health/ready").status() == 503);
        assertTrue(o.get("/observe/health/ready").message("source:inbox").contains("is being watched by another"
                + " Filegate process"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> provider.requests().isEmpty());
        assertEquals(0, provider.requests().size(), "nothing is taken from a folder another process owns");

        other.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> h.manifestLines("uploaded").size() == 1);
        assertEquals(200, o.get("/observe/health/ready").status());
    }
}
