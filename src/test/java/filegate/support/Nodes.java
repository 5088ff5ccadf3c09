package filegate.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Several Filegate nodes, each a child JVM on the same store and the same settings (a Harness), as they
 * would run on several hosts: the store's password comes from the environment, the node id from
 * {@code -Dfilegate.node-id}. Stops whatever is still running when closed.
 */
public final class Nodes implements AutoCloseable {
    private final Harness h;
    private final String url;
    private final List<String> extra;
    private final List<ChildJvm.Running> started = new ArrayList<>();

    /** @param extra more {@code -D} settings every node gets */
    public Nodes(Harness h, String url, String... extra) {
        this.h = h;
        this.url = url;
        this.extra = List.of(extra);
    }

    /** Starts a node (watch mode without arguments, or e.g. --sync). */
    public ChildJvm.Running start(String nodeId, String... args) throws IOException {
        List<String> jvm = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC"));
        // the Harness's settings, but the store's password as in production: from the environment
        Postgres.use(h, url);
        h.jvmArgs().stream().filter(a -> !a.startsWith("-Dfilegate.store.password=")).forEach(jvm::add);
        jvm.add("-Dfilegate.node-id=" + nodeId);
        jvm.addAll(extra);
        ChildJvm.Running r = ChildJvm.start(ChildJvm.projectDir(),
                Map.of("FILEGATE_STORE_PASSWORD", Postgres.PASSWORD), jvm, args);
        started.add(r);
        return r;
    }

    /** Sends a signal (KILL, STOP, CONT, TERM) to a node. */
    public static void signal(ChildJvm.Running node, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(node.process().pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + signal + " " + node.process().pid() + " failed");
        }
    }

    /** What a node has logged so far (its stdout, where log lines go). */
    public static String log(ChildJvm.Running node) {
        try {
            return Files.readString(node.out().toPath(), StandardCharsets.UTF_8)
                    + Files.readString(node.err().toPath(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        for (ChildJvm.Running r : started) {
            if (r.process().isAlive()) {
                // a frozen node cannot stop: let it go on first
                new ProcessBuilder("kill", "-CONT", Long.toString(r.process().pid())).start().waitFor();
                r.process().destroy();
                if (!r.process().waitFor(30, TimeUnit.SECONDS)) {
                    r.process().destroyForcibly();
                }
            }
        }
    }
}
