package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import filegate.support.EndToEnd;
import filegate.support.Harness;
import filegate.support.S3Mock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Every folder in examples/ runs as it is with {@code --config-dir examples/NAME}: a dry run over a
 * temporary inbox (or bucket) starts without a configuration error and plans what the example says.
 */
@ExtendWith(S3Mock.class)
class ExamplesTest extends EndToEnd {
    private static final Path EXAMPLES = Path.of("examples");

    /** What each example is given and the plan rows (source path ending, provider, verdict) it must show. */
    private record Case(Consumer<ExamplesTest> given, List<String> rows) {
    }

    private static final Map<String, Case> CASES = Map.of(
            "openai-drop-folder", new Case(t -> t.h.drop("fine-tune/train.jsonl", Harness.chat("openai")),
                    List.of("/fine-tune/train.jsonl openai upload")),
            "fan-out-openai-together", new Case(t -> {
                t.h.drop("evals/golden/set.jsonl", Harness.chat("evals"));
                t.h.drop("fine-tune/chat.jsonl", Harness.chat("both"));
                t.h.drop("batch/requests.jsonl", Harness.batchLine("r1"));
            }, List.of("/batch/requests.jsonl openai upload", "/evals/golden/set.jsonl openai upload",
                    "/evals/golden/set.jsonl together upload", "/fine-tune/chat.jsonl openai upload",
                    "/fine-tune/chat.jsonl together upload")),
            "nightly-s3-sync", new Case(ExamplesTest::bucketWithOneObject,
                    List.of("/incoming/fine-tune/train.jsonl openai upload")),
            "azure-openai", new Case(t -> t.h.drop("fine-tune/train.jsonl", Harness.chat("azure")),
                    List.of("/fine-tune/train.jsonl azure upload")),
            "local-openai-compatible", new Case(t -> t.h.drop("user_data/notes.txt", "meeting notes"),
                    List.of("/user_data/notes.txt local upload")));

    static Set<String> examples() throws Exception {
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            return new TreeSet<>(s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList());
        }
    }

    /** The S3 example reads a real (local) S3-compatible server instead of its bucket on AWS. */
    private static void bucketWithOneObject(ExamplesTest t) {
        String bucket = S3Mock.newBucket();
        S3Mock.client().putObject(b -> b.bucket(bucket).key("incoming/fine-tune/train.jsonl"),
                RequestBody.fromString(Harness.chat("s3"), StandardCharsets.UTF_8));
        t.h.set("filegate.s3.bucket", bucket).set("filegate.s3.endpoint", S3Mock.endpoint())
                .set("filegate.s3.region", S3Mock.REGION)
                .set("filegate.s3.access-key", S3Mock.ACCESS_KEY).set("filegate.s3.secret-key", S3Mock.SECRET_KEY);
    }

    @Test
    void every_example_folder_is_tested() throws Exception {
        assertEquals(new TreeSet<>(CASES.keySet()), examples());
    }

    @ParameterizedTest
    @MethodSource("examples")
    void a_dry_run_of_the_example_starts_and_plans_what_it_says(String name) throws Exception {
        Case c = CASES.get(name);
        c.given().accept(this);

        Harness.Run run = h.runCapturing(List.of("--dry-run", "--json", "--config-dir",
                EXAMPLES.resolve(name).toString()));

        assertEquals("", run.stderr(), "no configuration error");
        assertEquals(0, run.exitCode(), run.stdout());
        List<String> rows = run.stdout().lines().map(l -> {
            try {
                var n = Harness.JSON.readTree(l);
                // the path within the temporary inbox, or the key within the bucket
                String source = n.path("source").asText().replaceFirst("^s3://[^/]+", "")
                        .replace(h.inbox.toString(), "");
                return source + " " + n.path("provider").asText() + " " + n.path("verdict").asText();
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).sorted().toList();
        assertEquals(c.rows(), rows, run.stdout());
        assertEquals(0, provider.requests().size(), "a dry run sends nothing");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void the_route_templates_are_the_shipped_ones(String name) throws Exception {
        try (Stream<Path> s = Files.list(EXAMPLES.resolve(name).resolve("routes"))) {
            for (Path p : s.toList()) {
                Path shipped = Path.of("routes").resolve(p.getFileName());
                if (!p.getFileName().toString().equals("sources.camel.yaml")) {
                    assertEquals(Files.readString(shipped), Files.readString(p), p + " differs from " + shipped);
                }
            }
        }
        assertTrue(Files.isRegularFile(EXAMPLES.resolve(name).resolve("routes/sources.camel.yaml")), name);
    }

    @ParameterizedTest
    @MethodSource("examples")
    void secrets_only_through_the_environment_and_the_http_settings_of_the_shipped_file(String name)
            throws Exception {
        Map<String, String> example = settings(EXAMPLES.resolve(name).resolve("application.properties"));
        example.forEach((k, v) -> {
            if (k.endsWith(".api-key") || k.endsWith(".access-key") || k.endsWith(".secret-key")) {
                assertTrue(v.startsWith("{{env:") && v.endsWith("}}"), name + ": " + k + " must be {{env:...}}");
            }
        });
        settings(Path.of("application.properties")).forEach((k, v) -> {
            if (k.startsWith("camel.component.http.")) {
                assertEquals(v, example.get(k), name + ": " + k);
            }
        });
    }

    private static Map<String, String> settings(Path file) throws Exception {
        Map<String, String> out = new TreeMap<>();
        Matcher m = Pattern.compile("^([a-z][^\\s=#]*)\\s*=[ \\t]*(.*)$", Pattern.MULTILINE)
                .matcher(Files.readString(file));
        while (m.find()) {
            out.put(m.group(1), m.group(2).trim());
        }
        return out;
    }
}
