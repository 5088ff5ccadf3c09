package filegate.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files/s of one, two and three Filegate nodes ({@code --sync} at once, child JVMs) on one PostgreSQL
 * store and one drop folder, against a provider that takes 100 ms per upload; the JSONL manifest with one
 * process beside them. Not a test: run by bench/several-nodes.sh. Rates are measured at the provider,
 * from the first upload it receives to the last, so JVM start-up is left out; wall time includes it.
 * <p>
 * Arguments: files (default 900), latency ms (default 100).
 */
public final class ClusterBench {
    private static final Pattern SUMMARY = Pattern.compile("filegate sync: (\\d+) uploaded");

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 900;
        long latency = args.length > 1 ? Long.parseLong(args[1]) : 100;
        Postgres.startForBench();
        List<String> rows = new ArrayList<>();
        rows.add(run("JSONL manifest", 0, files, latency));
        for (int n = 1; n <= 3; n++) {
            rows.add(run("PostgreSQL", n, files, latency));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%d files of ~1 KB, provider latency %d ms per upload, filegate.parallel-files=4,"
                + " %d cores%n%n", files, latency, Runtime.getRuntime().availableProcessors());
        System.out.println("| store | nodes | files/s | wall s (with JVM start) | uploads per node |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String run(String store, int nodes, int files, long latency) throws Exception {
        Path dir = Files.createTempDirectory("filegate-cluster-bench-");
        try (FakeProvider provider = new FakeProvider()) {
            provider.answer(r -> {
                if (r.method().equals("GET")) {
                    return provider.openAiFile(r);
                }
                FakeProvider.Stored s = provider.store(r);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(latency));
                return FakeProvider.fileJson(s);
            });
            Harness h = new Harness(dir, provider);
            for (int i = 0; i < files; i++) {
                h.drop(String.format("fine-tune/d%02d/f-%05d.jsonl", i % 30, i), Harness.chat("bench " + i));
            }
            long start = System.nanoTime();
            List<ChildJvm.Running> running = new ArrayList<>();
            List<Integer> shares = new ArrayList<>();
            if (nodes == 0) {
                running.add(ChildJvm.start(ChildJvm.projectDir(), java.util.Map.of(),
                        withHeap(h.jvmArgs()), "--sync"));
                nodes = 1;
            } else {
                try (Nodes cluster = new Nodes(h, Postgres.newDatabase())) {
                    for (int i = 1; i <= nodes; i++) {
                        running.add(cluster.start("bench-" + i, "--sync"));
                    }
                    collect(running, shares);
                }
            }
            if (shares.isEmpty()) {
                collect(running, shares);
            }
            double wall = (System.nanoTime() - start) / 1e9;
            List<FakeProvider.Request> posts = provider.uploads();
            long first = posts.stream().mapToLong(FakeProvider.Request::receivedAtMillis).min().orElse(0);
            long last = posts.stream().mapToLong(FakeProvider.Request::receivedAtMillis).max().orElse(0);
            double rate = posts.size() > 1 ? (posts.size() - 1) * 1000.0 / Math.max(1, last - first) : 0;
            if (posts.size() != files || provider.stored().size() != files) {
                throw new AssertionError(store + " x" + nodes + ": " + posts.size() + " uploads for " + files + " files");
            }
            String row = String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %s |", store, nodes, rate, wall, shares);
            System.out.println(row);
            return row;
        }
    }

    private static List<String> withHeap(List<String> args) {
        List<String> out = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC"));
        out.addAll(args);
        return out;
    }

    private static void collect(List<ChildJvm.Running> running, List<Integer> shares) throws Exception {
        for (ChildJvm.Running r : running) {
            ChildJvm.Result res = r.finish(1800);
            Matcher m = SUMMARY.matcher(res.stdout());
            if (res.exitCode() != 0 || !m.find()) {
                throw new AssertionError("a node ended with " + res.exitCode() + ":\n" + res.stdout() + res.stderr());
            }
            shares.add(Integer.parseInt(m.group(1)));
        }
    }
}
