package filegate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.ChildJvm;
import filegate.support.FakeProvider;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filegate in a child JVM, killed with SIGKILL in the middle of uploads again and again, then run to
 * the end: every file must be at the provider exactly once, have exactly one uploaded line, and be
 * committed out of the drop folder.
 */
class CrashTest {
    private static final int FILES = 24;
    private static final int KILLS = 5;

    @TempDir
    Path tmp;

    private List<String> jvmArgs(Harness h, FakeProvider provider) {
        return List.of("-Xmx128m", "-Dfilegate.inbox=" + h.inbox, "-Dfilegate.manifest=" + h.manifest,
                "-Dfilegate.inbox.stable-ms=100", "-Dfilegate.providers.openai.base-url=" + provider.baseUrl());
    }

    @Test
    void sigkill_in_the_middle_of_uploads_loses_nothing_and_uploads_nothing_twice() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (FakeProvider provider = new FakeProvider()) {
            Function<FakeProvider.Request, FakeProvider.Response> slow = r -> {
                if (r.method().equals("GET")) {
                    return provider.openAiFile(r);
                }
                FakeProvider.Stored s = provider.store(r);
                // provider-side processing time, so that kills land between "stored" and "answered"
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(150));
                return FakeProvider.fileJson(s);
            };
            provider.answer(slow);
            Harness h = new Harness(tmp, provider);
            Set<String> shas = new TreeSet<>();
            for (int i = 0; i < FILES; i++) {
                byte[] content = Harness.chat("example " + i + " " + "p".repeat(200 + i)).getBytes(StandardCharsets.UTF_8);
                h.drop("fine-tune/part-" + i + ".jsonl", content);
                shas.add(DropFolderTest.sha256(content));
            }
            Map<String, String> env = Map.of("OPENAI_API_KEY", Harness.KEY);

            int kills = 0;
            for (int k = 0; k < KILLS; k++) {
                int before = provider.uploads().size();
                if (before >= FILES + 4) {
                    break;
                }
                ChildJvm.Running child = ChildJvm.start(ChildJvm.projectDir(), env, jvmArgs(h, provider), "--sync");
                await().atMost(Duration.ofSeconds(60)).until(
                        () -> provider.uploads().size() > before || !child.process().isAlive());
                if (!child.process().isAlive()) {
                    break; // finished everything before we could kill it
                }
                // anywhere from "request just arrived" to "answered, now recording or moving"
                await().pollDelay(Duration.ofMillis(random.nextInt(300))).until(() -> true);
                child.process().destroyForcibly(); // SIGKILL
                child.process().waitFor(30, TimeUnit.SECONDS);
                kills++;
            }
            ChildJvm.Result last = ChildJvm.run(ChildJvm.projectDir(), env, jvmArgs(h, provider), "--sync");
            assertEquals(0, last.exitCode(), "seed " + seed + "\n" + last.stdout() + last.stderr());

            Map<String, Long> storedPerSha = provider.stored().stream()
                    .collect(Collectors.groupingBy(FakeProvider.Stored::sha256, Collectors.counting()));
            long duplicatesAtProvider = storedPerSha.values().stream().filter(n -> n > 1).count();
            List<JsonNode> uploaded = h.manifestLines("uploaded");
            Map<String, Long> linesPerSha = uploaded.stream()
                    .collect(Collectors.groupingBy(n -> n.get("sha256").asText(), Collectors.counting()));
            long reconciled = uploaded.stream().filter(n -> n.path("reconciled").asBoolean()).count();
            System.out.printf("crash test (seed %d): %d kills, %d files, %d POSTs, %d stored, %d duplicates at the"
                            + " provider, %d uploads found by reconciliation, %d duplicate lines%n", seed, kills, FILES,
                    provider.uploads().size(), provider.stored().size(), duplicatesAtProvider, reconciled,
                    h.manifestLines("duplicate").size());

            assertTrue(kills >= 3, "the test must really kill mid-run (kills: " + kills + ")");
            assertEquals(shas, storedPerSha.keySet(), "every file reached the provider");
            assertEquals(0, duplicatesAtProvider, "seed " + seed + ": the provider holds a file twice: " + storedPerSha);
            assertEquals(shas, linesPerSha.keySet());
            assertTrue(linesPerSha.values().stream().allMatch(n -> n == 1), "one uploaded line per file: " + linesPerSha);
            List<Path> left = new ArrayList<>();
            try (Stream<Path> s = Files.walk(h.inbox)) {
                s.filter(Files::isRegularFile).filter(p -> !h.inbox.relativize(p).toString().startsWith("."))
                        .forEach(left::add);
            }
            assertEquals(List.of(), left, "every source must be committed");
            try (Stream<Path> s = Files.walk(h.inbox.resolve(".done"))) {
                assertEquals(FILES, s.filter(p -> p.toString().endsWith(".jsonl")).count());
            }
        }
    }
}
