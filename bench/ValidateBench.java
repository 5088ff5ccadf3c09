import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import filegate.validate.Prepared;
import filegate.validate.Preparer;
import filegate.validate.ValidationRequest;

/**
 * Throughput of filegate.validate on an OpenAI chat-format fine-tuning JSONL: generates the file (if absent), then
 * alternates "validation alone" (no sha256) and "full prepare" (validation + sha256) runs and prints the medians.
 * Run by bench/validate.sh, never by the build. Usage: java -cp ... bench/ValidateBench.java FILE SIZE_MIB RUNS
 */
public class ValidateBench {
    private static final String[] WORDS = ("the of and to in is was that for it with as on be at by this had not are "
            + "but from or have an they which one you were her all she there would their we him been has when who will "
            + "more no if out so said what up its about into than them can only other new some could time these two may "
            + "then do first any my now such like our over man me even most made after also did many before must "
            + "through back years where much your way well down should because each just those people how too little "
            + "state good very make world still own see men work long get here between both life being under never day "
            + "same another know while last might us great old year off come since against go came right used take "
            + "three café naïve 数据 données größe").split(" ");

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long target = Long.parseLong(args[1]) * 1024 * 1024;
        int runs = Integer.parseInt(args[2]);
        if (!Files.exists(file) || Files.size(file) < target) {
            long t0 = System.nanoTime();
            long lines = generate(file, target);
            System.out.printf("generated %s: %d bytes, %d lines in %.1f s%n", file, Files.size(file), lines,
                    (System.nanoTime() - t0) / 1e9);
        }
        long bytes = Files.size(file);
        List<ValidationRequest> req = List.of(new ValidationRequest("openai", "fine-tune", "jsonl", Long.MAX_VALUE));
        Preparer.Options validateOnly = new Preparer.Options(1 << 20, false);
        Preparer.Options full = Preparer.Options.DEFAULT;
        // one untimed pass of each so the JIT has compiled the hot loops before anything is measured
        check(Preparer.prepare(file, req, validateOnly));
        check(Preparer.prepare(file, req, full));
        List<Double> v = new ArrayList<>();
        List<Double> vCpu = new ArrayList<>();
        List<Double> f = new ArrayList<>();
        List<Double> fCpu = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            double[] a = run(file, req, validateOnly, bytes);
            double[] b = run(file, req, full, bytes);
            v.add(a[0]);
            vCpu.add(a[1]);
            f.add(b[0]);
            fCpu.add(b[1]);
            System.out.printf("run %d: validation %.0f MB/s (cpu %.0f), prepare (validation + sha256) %.0f MB/s "
                    + "(cpu %.0f)%n", i, a[0], a[1], b[0], b[1]);
        }
        System.out.printf("median over %d runs of %d bytes, MB = 10^6 bytes; wall clock, and per CPU-second of the "
                + "validating thread (what one uncontended core does):%n", runs, bytes);
        System.out.printf("  validation alone:            %.0f MB/s wall, %.0f MB/s cpu%n", median(v), median(vCpu));
        System.out.printf("  prepare (validation+sha256): %.0f MB/s wall, %.0f MB/s cpu%n", median(f), median(fCpu));
    }

    /** Wall-clock and thread-CPU throughput of one pass. */
    private static double[] run(Path file, List<ValidationRequest> req, Preparer.Options o, long bytes)
            throws IOException {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        Prepared p = Preparer.prepare(file, req, o);
        long ns = System.nanoTime() - t0;
        long cpu = mx.getCurrentThreadCpuTime() - c0;
        check(p);
        return new double[] {bytes / 1e6 / (ns / 1e9), bytes / 1e6 / (cpu / 1e9)};
    }

    private static void check(Prepared p) {
        if (!p.ok()) {
            throw new IllegalStateException("the generated file should be valid: " + p.reports().get(0));
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Chat examples of 0.3–3 KB: system + 1–3 user/assistant turns, some weights, some non-ASCII text. */
    private static long generate(Path file, long target) throws IOException {
        Random rnd = new Random(42);
        long written = 0;
        long lines = 0;
        StringBuilder sb = new StringBuilder(8192);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            while (written < target) {
                sb.setLength(0);
                sb.append("{\"messages\": [{\"role\": \"system\", \"content\": \"");
                words(sb, rnd, 8 + rnd.nextInt(20));
                sb.append("\"}");
                int turns = 1 + rnd.nextInt(3);
                for (int t = 0; t < turns; t++) {
                    sb.append(", {\"role\": \"user\", \"content\": \"");
                    words(sb, rnd, 10 + rnd.nextInt(60));
                    sb.append("\"}, {\"role\": \"assistant\", \"content\": \"");
                    words(sb, rnd, 20 + rnd.nextInt(150));
                    sb.append('"');
                    if (t + 1 < turns && rnd.nextInt(4) == 0) {
                        sb.append(", \"weight\": 0");
                    }
                    sb.append('}');
                }
                sb.append("]}\n");
                byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
                out.write(b);
                written += b.length;
                lines++;
            }
        }
        return lines;
    }

    private static void words(StringBuilder sb, Random rnd, int n) {
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(rnd.nextInt(12) == 0 ? ", " : " ");
            }
            sb.append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        sb.append(rnd.nextInt(5) == 0 ? "?\\n" : ".");
    }
}
