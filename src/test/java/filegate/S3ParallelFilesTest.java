package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import filegate.support.ChildJvm;
import filegate.support.FakeProvider;
import filegate.support.EndToEnd;
import filegate.support.Harness;
import filegate.support.S3Mock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * One setting, {@code filegate.parallel-files}, decides how many files are in flight whatever their source:
 * an S3 prefix and a drop folder in the same run share the upload threads, an S3 object is downloaded by
 * the thread that uploads it (so spool files are never more than the uploads), and the deprecated
 * {@code filegate.s3.parallel} only earns a warning.
 */
@ExtendWith(S3Mock.class)
class S3ParallelFilesTest extends EndToEnd {
    private static final int PARALLEL = 2;
    private static final int OBJECTS = 8;
    private static final int FILES = 6;

    @Test
    void parallel_files_alone_bounds_uploads_and_spool_files_for_s3_and_the_drop_folder_together() throws Exception {
        String bucket = S3Mock.newBucket();
        var s3 = S3Mock.client();
        for (int i = 0; i < OBJECTS; i++) {
            String key = "in/fine-tune/o" + i + ".jsonl";
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(Harness.chat("object " + key),
                    StandardCharsets.UTF_8));
        }
        for (int i = 0; i < FILES; i++) {
            h.drop("fine-tune/f" + i + ".jsonl", Harness.chat("file " + i));
        }
        Path spool = tmp.resolve("s3-spool");
        AtomicInteger mostSpooled = new AtomicInteger();
        CountDownLatch together = new CountDownLatch(PARALLEL);
        FakeProvider.Concurrency uploads = provider.answerHeld(r -> r.method().equals("POST"), r -> {
            mostSpooled.accumulateAndGet(spoolFiles(spool), Math::max);
            together.countDown();
            // held open until PARALLEL uploads are open together (or a while has passed), then a moment
            // more, so a third upload or spool file would have every chance to show
            together.await(10, TimeUnit.SECONDS);
            Thread.sleep(100);
        });
        // the spool folder watched all along, not only when an upload arrives
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleWithFixedDelay(() -> mostSpooled.accumulateAndGet(spoolFiles(spool), Math::max), 0, 2,
                TimeUnit.MILLISECONDS);
        ChildJvm.Result r;
        try {
            r = ChildJvm.run(ChildJvm.projectDir(), Map.of("OPENAI_API_KEY", Harness.KEY),
                    h.keylessJvmArgs("-Dfilegate.parallel-files=" + PARALLEL, "-Dfilegate.s3.bucket=" + bucket,
                            "-Dfilegate.s3.prefixes=in/", "-Dfilegate.s3.endpoint=" + S3Mock.endpoint(),
                            "-Dfilegate.s3.access-key=" + S3Mock.ACCESS_KEY,
                            "-Dfilegate.s3.secret-key=" + S3Mock.SECRET_KEY,
                            // deprecated: accepted, warned about once, and without effect
                            "-Dfilegate.s3.parallel=8"),
                    "--sync");
        } finally {
            watcher.shutdownNow();
            watcher.awaitTermination(10, TimeUnit.SECONDS);
        }

        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertEquals(PARALLEL, uploads.most(), "uploads in flight at once, S3 objects and drop-folder files together");
        assertTrue(mostSpooled.get() >= 1, "the spool folder was watched while objects were uploaded");
        assertTrue(mostSpooled.get() <= PARALLEL, "at most one spool file per upload thread, saw " + mostSpooled.get());
        assertEquals(0, spoolFiles(spool), "every spool file is deleted");

        assertEquals(OBJECTS + FILES, provider.uploads().size(), "each file and object uploaded once");
        Set<String> sources = h.manifestLines("uploaded").stream().map(l -> l.get("source").asText())
                .collect(Collectors.toSet());
        assertEquals(OBJECTS + FILES, sources.size());
        assertEquals(OBJECTS, sources.stream().filter(s -> s.startsWith("s3://" + bucket + "/in/")).count());

        List<String> warnings = r.stderr().lines().filter(l -> l.contains("filegate.s3.parallel=8 is deprecated"))
                .toList();
        assertEquals(1, warnings.size(), r.stderr());
        assertTrue(warnings.get(0).contains("filegate.parallel-files (" + PARALLEL + ")"), warnings.get(0));
    }

    private static int spoolFiles(Path spool) {
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(spool)) {
            return (int) s.filter(p -> p.getFileName().toString().endsWith(".spool")).count();
        } catch (IOException e) {
            // a file deleted while listed: count again next time
            return 0;
        } catch (UncheckedIOException e) {
            return 0;
        }
    }
}
