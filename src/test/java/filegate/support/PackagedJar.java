package filegate.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code java -jar target/filegate.jar} as a user would: in a folder of its own, with none of this
 * JVM's Filegate, Camel or provider-key variables, only those a test gives it.
 */
public final class PackagedJar {
    public record Run(int exit, String stdout, String stderr) {
        public String both() {
            return stdout + stderr;
        }
    }

    private PackagedJar() {
    }

    public static Path jar() {
        Path jar = Path.of("target", "filegate.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "run after the package phase: " + jar);
        return jar;
    }

    /** Runs the jar in {@code work} with {@code env} on top of a cleaned environment; output goes to files there. */
    public static Run run(Path work, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI") || k.startsWith("FILEGATE")
                || k.startsWith("CAMEL") || k.endsWith("_API_KEY"));
        pb.environment().putAll(env);
        File out = Files.createTempFile(work, "out", ".txt").toFile();
        File err = Files.createTempFile(work, "err", ".txt").toFile();
        Process p = pb.redirectOutput(out).redirectError(err).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("filegate.jar " + String.join(" ", args) + " did not finish");
        }
        Run run = new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
        Files.delete(out.toPath());
        Files.delete(err.toPath());
        return run;
    }
}
