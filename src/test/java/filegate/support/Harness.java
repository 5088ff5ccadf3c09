package filegate.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import filegate.FilegateApp;
import filegate.pipeline.Item;
import filegate.source.ItemCommitter;
import filegate.source.SourceItem;
import filegate.rules.Classification;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.ExchangeBuilder;

/**
 * Runs the real Filegate (camel-main, the shipped routes/ and application.properties) against a
 * temporary inbox and manifest, with overrides instead of system properties so tests stay independent.
 */
public final class Harness implements AutoCloseable {
    public static final String KEY = "fg-test-secret-4711";
    public static final ObjectMapper JSON = new ObjectMapper();

    static {
        // log4j's console appender holds on to the System.err it first sees: start logging now, so that
        // a run inside syncCapturing() does not send every log line into the captured stderr
        org.slf4j.LoggerFactory.getLogger(Harness.class).debug("logging started");
    }

    public final Path dir;
    public final Path inbox;
    public final Path manifest;
    public final Map<String, String> props = new HashMap<>();
    private FilegateApp app;
    private CompletableFuture<Integer> running;

    public Harness(Path dir, FakeProvider provider) {
        this.dir = dir;
        this.inbox = dir.resolve("inbox");
        this.manifest = dir.resolve("manifest.jsonl");
        props.put("filegate.inbox", inbox.toString());
        props.put("filegate.manifest", manifest.toString());
        props.put("filegate.inbox.stable-ms", "300");
        props.put("filegate.inbox.poll-ms", "100");
        props.put("filegate.retry.initial-delay-ms", "50");
        props.put("filegate.retry.max-delay-ms", "200");
        if (provider != null) {
            props.put("filegate.providers.openai.base-url", provider.baseUrl());
        }
        props.put("filegate.providers.openai.api-key", KEY);
        // tests that are about the probe turn it on; others keep their provider's request log to themselves
        props.put("filegate.probe.enabled", "false");
        // watch mode serves /observe/*: any free port, so tests never collide (see managementUrl)
        props.put("camel.management.port", "0");
        // JMX registration of every processor costs about a second per start; no test reads MBeans
        props.put("camel.main.jmx-enabled", "false");
    }

    /** A port on 127.0.0.1 that nothing listens on (just released): free for a server, refused for a client. */
    public static int freeLoopbackPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Only where the files are, how soon they are taken and the provider's URL as {@code -Dkey=value}
     * (plus {@code extra}), for a child JVM that gets its key from the environment as in production and
     * otherwise runs on the shipped defaults.
     */
    public List<String> keylessJvmArgs(String... extra) {
        List<String> out = new ArrayList<>(List.of("-Dfilegate.inbox=" + inbox, "-Dfilegate.manifest=" + manifest,
                "-Dfilegate.inbox.stable-ms=100",
                "-Dfilegate.providers.openai.base-url=" + props.get("filegate.providers.openai.base-url")));
        out.addAll(List.of(extra));
        return out;
    }

    /** This harness's settings as {@code -Dkey=value}, for a Filegate in a child JVM (see ChildJvm). */
    public List<String> jvmArgs() {
        List<String> out = new ArrayList<>();
        props.forEach((k, v) -> out.add("-D" + k + "=" + v));
        return out;
    }

    public Harness set(String key, String value) {
        props.put(key, value);
        return this;
    }

    /**
     * A valid OpenAI chat fine-tuning file (10 examples, the minimum) whose content is unique to
     * {@code tag}, so that tests dropping different files really drop different bytes.
     */
    public static String chat(String tag) {
        String t = tag.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            sb.append("{\"messages\":[{\"role\":\"user\",\"content\":\"").append(t).append(" #").append(i)
                    .append("\"},{\"role\":\"assistant\",\"content\":\"ok\"}]}\n");
        }
        return sb.toString();
    }

    /** A valid OpenAI batch input line (one request), unique to {@code tag}. */
    public static String batchLine(String tag) {
        return "{\"custom_id\":\"" + tag + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                + "\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n";
    }

    /** The 8-byte PNG signature and a few more bytes: what content sniffing checks. */
    public static byte[] png(String tag) {
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        byte[] t = tag.getBytes(StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(sig, sig.length + t.length);
        System.arraycopy(t, 0, out, sig.length, t.length);
        return out;
    }

    /** A minimal real Office Open XML (.docx) package. */
    public static byte[] docx(String text) {
        try {
            java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
            try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bos)) {
                zip.putNextEntry(new java.util.zip.ZipEntry("[Content_Types].xml"));
                zip.write(("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                        + "content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/"
                        + "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>")
                        .getBytes(StandardCharsets.UTF_8));
                zip.putNextEntry(new java.util.zip.ZipEntry("word/document.xml"));
                zip.write(("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                        + "<w:body><w:p><w:r><w:t>" + text + "</w:t></w:r></w:p></w:body></w:document>")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file whose mtime is already old enough to be taken at once. */
    public Path drop(String rel, String content) {
        return drop(rel, content.getBytes(StandardCharsets.UTF_8));
    }

    public Path drop(String rel, byte[] content) {
        try {
            Path p = inbox.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(60)));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code --sync} (plus extra args) in this JVM and returns the exit code. */
    public int sync(String... extra) {
        List<String> args = new ArrayList<>(List.of("--sync"));
        args.addAll(List.of(extra));
        return new FilegateApp(args, props).run();
    }

    /** What one in-process run printed. */
    public record Run(int exitCode, String stdout, String stderr) {
    }

    /** Like {@link #sync}, also capturing what Filegate printed (the one-line start-up errors go to stderr). */
    public Run syncCapturing(String... extra) {
        List<String> args = new ArrayList<>(List.of("--sync"));
        args.addAll(List.of(extra));
        return runCapturing(args);
    }

    /** Runs Filegate in this JVM with exactly these arguments, capturing what it printed. */
    public Run runCapturing(List<String> args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = new FilegateApp(args, props).run();
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * Hands a file the rules did not classify straight to the running pipeline ({@code direct:ingest}),
     * as a source that classifies its own items does; returns when every outcome is recorded.
     */
    public void ingest(CamelContext ctx, Path file, Classification c) {
        Item item = new Item(new SourceItem(file.toString(), file.getFileName().toString(), file, null, null, null,
                null, c, ItemCommitter.NONE));
        Exchange ex = ExchangeBuilder.anExchange(ctx).withProperty(Item.PROPERTY, item).build();
        Exchange done = ctx.createProducerTemplate().send("direct:ingest", ex);
        if (done.getException() != null) {
            throw new AssertionError("ingest failed", done.getException());
        }
    }

    /** Writes a file outside the inbox, for {@link #ingest}. */
    public Path staged(String name, byte[] content) {
        try {
            Path p = dir.resolve("staged").resolve(name);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts watch mode in the background and returns the running context. */
    public CamelContext watch() throws InterruptedException {
        app = new FilegateApp(List.of(), props);
        running = CompletableFuture.supplyAsync(app::run);
        CamelContext ctx = null;
        for (int i = 0; i < 300 && ctx == null && !running.isDone(); i++) {
            ctx = app.awaitStarted(100, TimeUnit.MILLISECONDS);
        }
        if (ctx == null) {
            throw new AssertionError("Filegate did not start; exit code " + running.getNow(null));
        }
        return ctx;
    }

    public List<JsonNode> manifestLines() {
        try {
            if (!Files.exists(manifest)) {
                return List.of();
            }
            List<JsonNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<JsonNode> manifestLines(String event) {
        return manifestLines().stream().filter(n -> event.equals(n.path("event").asText())).toList();
    }

    public static JsonNode json(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        if (app != null) {
            app.stop();
            running.get(60, TimeUnit.SECONDS);
        }
    }
}
