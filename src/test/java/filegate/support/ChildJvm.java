package filegate.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code filegate.Filegate} in its own JVM, as a user would, to see real exit codes and output; or a
 * test's own small main class ({@link #runMain}) where a test needs a JVM of its own (a small heap).
 */
public final class ChildJvm {
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private ChildJvm() {
    }

    /** A started child; {@link #finish} waits for it and collects its output. */
    public record Running(Process process, File out, File err) {
        public Result finish(long seconds) throws IOException, InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("filegate did not exit within " + seconds + " s");
            }
            return new Result(process.exitValue(), java.nio.file.Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(err.toPath(), StandardCharsets.UTF_8));
        }
    }

    public static Result run(Path workDir, Map<String, String> env, List<String> jvmArgs, String... args)
            throws IOException, InterruptedException {
        return start(workDir, env, jvmArgs, args).finish(120);
    }

    public static Running start(Path workDir, Map<String, String> env, List<String> jvmArgs, String... args)
            throws IOException {
        return start(workDir, env, 0, jvmArgs, args);
    }

    /**
     * Like {@link #start}, with the child allowed to write files of at most {@code fileSizeLimitKib} KiB
     * ({@code ulimit -f}; 0 = no limit): a write past it fails with EFBIG, as on a full disk.
     */
    public static Running start(Path workDir, Map<String, String> env, long fileSizeLimitKib, List<String> jvmArgs,
                                String... args) throws IOException {
        return start(workDir, env, fileSizeLimitKib, jvmArgs, "filegate.Filegate", args);
    }

    /**
     * Runs another main class of the test class path (a test's own child program) the same way: same
     * java, class path, defaults and environment rules; {@code jvmArgs} such as {@code -Xmx32m} come after the
     * defaults, so they win.
     */
    public static Result runMain(Path workDir, List<String> jvmArgs, Class<?> mainClass, String... args)
            throws IOException, InterruptedException {
        return start(workDir, Map.of(), 0, jvmArgs, mainClass.getName(), args).finish(120);
    }

    private static Running start(Path workDir, Map<String, String> env, long fileSizeLimitKib, List<String> jvmArgs,
                                 String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (fileSizeLimitKib > 0) {
            cmd.addAll(List.of("/bin/bash", "-c", "ulimit -f " + fileSizeLimitKib + " && exec \"$@\"", "bash"));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // defaults a test's own -D (later on the line) overrides: any free management port, so that
        // tests never collide; no start-up probe unless the test is about it; no JMX, whose registration
        // of every processor costs about a second per start and which no test reads
        cmd.add("-Dcamel.management.port=0");
        cmd.add("-Dfilegate.probe.enabled=false");
        cmd.add("-Dcamel.main.jmx-enabled=false");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        // a developer's own keys must not make a "missing key" test pass or a request carry a real key
        pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI") || k.startsWith("FILEGATE")
                || k.endsWith("_API_KEY"));
        pb.environment().putAll(env);
        File out = File.createTempFile("filegate-out", ".txt");
        File err = File.createTempFile("filegate-err", ".txt");
        pb.redirectOutput(out).redirectError(err);
        return new Running(pb.start(), out, err);
    }

    /** The project root: where routes/ and application.properties are. */
    public static Path projectDir() {
        return Path.of("").toAbsolutePath();
    }
}
