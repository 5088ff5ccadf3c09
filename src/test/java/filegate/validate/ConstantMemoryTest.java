package filegate.validate;

import filegate.support.ProfileChecks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import filegate.support.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory does not grow with the file or with its longest line: 200 MB of chat JSONL whose examples include
 * 40 MB lines goes through prepare (two requests, so the re-read path for long lines runs too) in a child JVM
 * whose whole heap is 32 MB. Holding any one of those lines, or the file, would end in OutOfMemoryError.
 */
class ConstantMemoryTest {
    private static final String HEAP = "-Xmx32m";
    @TempDir
    Path tmp;

    @Test
    void prepares_200_mb_with_40_mb_lines_in_a_32_mb_heap() throws Exception {
        Path f = tmp.resolve("big.jsonl");
        byte[] chunk = "lorem ipsum dolor sit amet ".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        long written = 0;
        int lines = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f), 1 << 16)) {
            while (written < 200_000_000L) {
                boolean longLine = lines % 50 == 7;
                byte[] head = ("{\"messages\": [{\"role\": \"user\", \"content\": \"").getBytes(StandardCharsets.US_ASCII);
                out.write(head);
                written += head.length;
                long target = longLine ? 40_000_000L : 20_000L;
                for (long n = 0; n < target; n += chunk.length) {
                    out.write(chunk);
                    written += chunk.length;
                }
                byte[] tail = "\"}, {\"role\": \"assistant\", \"content\": \"ok\"}]}\n".getBytes(StandardCharsets.US_ASCII);
                out.write(tail);
                written += tail.length;
                lines++;
            }
        }
        String expectedSha = sha256(f);
        ChildJvm.Result r = ChildJvm.runMain(tmp, List.of(HEAP, "-XX:+UseSerialGC"), Child.class, f.toString());
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        String out = r.stdout();
        String[] parts = out.strip().split("\\R");
        String last = parts[parts.length - 1];
        assertTrue(last.startsWith("OK " + Files.size(f) + " " + expectedSha + " "), out);
        assertEquals("openai: ok (chat, " + lines + " records)", parts[parts.length - 3], out);
        assertEquals("together: ok (chat, " + lines + " records)", parts[parts.length - 2], out);
    }

    static String sha256(Path f) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Runs in the small-heap JVM: prepares the file, prints the reports, the digest and the peak heap. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            Prepared p = Preparer.prepare(Path.of(args[0]), List.of(ProfileChecks.of("openai", "fine-tune", "jsonl"),
                    ProfileChecks.of("together", "fine-tune", "jsonl")), new Preparer.Options(64 * 1024, true));
            System.out.println("openai: " + p.reports().get(0).summary());
            System.out.println("together: " + p.reports().get(1).summary());
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.println("OK " + p.bytes() + " " + p.sha256() + " peak-heap-bytes=" + peak);
        }
    }
}
