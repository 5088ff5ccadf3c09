package filegate.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * A real S3-compatible server for tests: Adobe S3Mock's runnable jar (copied into target/ by the build
 * from Maven Central) in a child JVM on free 127.0.0.1 ports, started once per test JVM and shared by
 * every class that uses this extension, stopped when the test run ends. Both of its connectors listen
 * on loopback only (see s3mock/loopback-http.xml).
 */
public final class S3Mock implements BeforeAllCallback {
    /** Credentials S3Mock accepts (it checks none); shaped so nobody mistakes them for real ones. */
    public static final String ACCESS_KEY = "fg-test-access";
    public static final String SECRET_KEY = "fg-test-secret-s3-0815";
    public static final String REGION = "us-east-1";

    private static Server server;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (S3Mock.class) {
            if (server == null) {
                server = Server.start();
                // the root store closes it once, after the last test class of this JVM
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(S3Mock.class.getName(), server);
            }
        }
    }

    /** e.g. http://127.0.0.1:PORT */
    public static String endpoint() {
        return "http://127.0.0.1:" + running().httpPort;
    }

    /** A client for seeding and checking buckets (path-style, as S3-compatible stores need). */
    public static S3Client client() {
        return running().client;
    }

    /** A new, empty bucket with a unique name. */
    public static String newBucket() {
        String name = "fg-" + UUID.randomUUID().toString().substring(0, 13);
        client().createBucket(b -> b.bucket(name));
        return name;
    }

    /** Whether the key exists (S3Mock answers a missing key's HEAD with a bare 404). */
    public static boolean exists(String bucket, String key) {
        try {
            client().headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** The object's tags as key -> value. */
    public static Map<String, String> tags(String bucket, String key) {
        return client().getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static Server running() {
        if (server == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(S3Mock.class)");
        }
        return server;
    }

    static final class Server implements AutoCloseable {
        final Process process;
        final int httpPort;
        final S3Client client;
        final Path log;

        private Server(Process process, int httpPort, Path log) {
            this.process = process;
            this.httpPort = httpPort;
            this.log = log;
            this.client = S3Client.builder()
                    .endpointOverride(URI.create("http://127.0.0.1:" + httpPort))
                    .forcePathStyle(true)
                    .region(Region.of(REGION))
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .build();
        }

        static Server start() {
            Path jar = Path.of(System.getProperty("s3mock.jar", "target/s3mock/s3mock-exec.jar"));
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: run the tests through Maven (mvn test), whose"
                        + " generate-test-resources phase copies S3Mock there from Maven Central");
            }
            Path xml = resource("s3mock/loopback-http.xml");
            try {
                Path dir = Files.createDirectories(jar.toAbsolutePath().getParent());
                int httpPort = Harness.freeLoopbackPort();
                int httpsPort = Harness.freeLoopbackPort();
                Path root = Files.createTempDirectory(dir, "store-");
                Path log = dir.resolve("s3mock-" + httpPort + ".log");
                List<String> cmd = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-jar", jar.toAbsolutePath().toString(),
                        "--server.address=127.0.0.1",
                        "--server.port=" + httpsPort,
                        "--com.adobe.testing.s3mock.httpPort=" + httpPort,
                        "--com.adobe.testing.s3mock.store.root=" + root,
                        "--spring.main.sources=" + xml.toUri(),
                        "--spring.main.banner-mode=off",
                        "--logging.level.root=WARN"));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                Server s = new Server(p, httpPort, log);
                Runtime.getRuntime().addShutdownHook(new Thread(s::close, "s3mock-stop"));
                await("S3Mock answering on 127.0.0.1:" + httpPort).atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            if (!p.isAlive()) {
                                throw new IllegalStateException("S3Mock exited with " + p.exitValue() + ":\n"
                                        + Files.readString(log, StandardCharsets.UTF_8));
                            }
                            return answers(httpPort);
                        });
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static boolean answers(int port) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL()
                        .openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                int code = c.getResponseCode();
                c.disconnect();
                return code == 200;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void close() {
            client.close();
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(20, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(S3Mock.class.getClassLoader().getResource(name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("test resource " + name + " missing", e);
        }
    }

}
