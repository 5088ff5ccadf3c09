import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.HttpServer;

/**
 * Benchmark sink on 127.0.0.1: reads every request body to the end (counting bytes, keeping none) and
 * answers an OpenAI-style file object. Run with: java bench/Sink.java PORT [PER_MINUTE ANSWER_MS]
 * <p>
 * With PER_MINUTE it is a rate-limited provider as OpenAI enforces one (bench/pacing.sh): PER_MINUTE
 * requests a minute, quantized to one second's worth (a bucket of PER_MINUTE / 60 refilled continuously),
 * OpenAI's headers on every answer (x-ratelimit-limit-requests per minute, -remaining-requests,
 * -reset-requests as "1s" / "250ms"), a 429 with retry-after-ms and retry-after when the bucket is empty,
 * and every accepted request answered after ANSWER_MS. GET /stats answers "accepted N refused M" and
 * starts the counts and the bucket afresh.
 * <p>
 * With {@code -Dsink.tls=KEYSTORE.p12 -Dsink.tls-password=PW} it speaks TLS only (bench/run.sh TLS=1).
 * GET /connections answers "requests connections tls-sessions" seen since the last POST /connections:
 * a client that reuses its connections shows few connections (and handshakes) for many requests.
 * <p>
 * PORT 0 takes any free port; {@code -Dsink.port-file=FILE} writes the port it listens on to FILE once it
 * listens, and any request to /stop ends the sink: the package step runs it this way to train the class-data
 * archive with a real {@code --sync} (pom.xml, class-data-archive).
 */
public class Sink {
    private static final Object LOCK = new Object();
    private static double tokens;
    private static long at = System.nanoTime();
    private static final AtomicLong accepted = new AtomicLong();
    private static final AtomicLong refused = new AtomicLong();
    private static final AtomicLong requests = new AtomicLong();
    // a connection is its client's address and port; a TLS session is what a full handshake makes
    private static final Set<String> connections = ConcurrentHashMap.newKeySet();
    private static final Set<String> sessions = ConcurrentHashMap.newKeySet();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long perMinute = args.length > 1 ? Long.parseLong(args[1]) : 0;
        long answerMs = args.length > 2 ? Long.parseLong(args[2]) : 0;
        double capacity = Math.max(1, perMinute / 60.0);
        double perNano = perMinute / 60e9;
        tokens = capacity;
        // TCP_NODELAY on accepted sockets. Without it the JDK server writes the response headers and body
        // as two small segments, Nagle holds the second until the client's delayed ACK (~40 ms), and every
        // request on a kept-alive connection costs 40+ ms: 20 files/s instead of ~180 with curl -K.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        AtomicLong ids = new AtomicLong();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        String keyStore = System.getProperty("sink.tls");
        HttpServer server;
        if (keyStore != null) {
            HttpsServer https = HttpsServer.create(address, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(tls(Path.of(keyStore),
                    System.getProperty("sink.tls-password", "").toCharArray())));
            server = https;
        } else {
            server = HttpServer.create(address, 64);
        }
        // answers that wait ANSWER_MS hold a thread each: enough for 16 parallel uploads and more
        server.setExecutor(Executors.newFixedThreadPool(perMinute > 0 ? 64 : 8));
        server.createContext("/stats", ex -> {
            String counts;
            synchronized (LOCK) {
                counts = "accepted " + accepted.getAndSet(0) + " refused " + refused.getAndSet(0) + "\n";
                tokens = capacity;
                at = System.nanoTime();
            }
            send(ex, 200, counts.getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/connections", ex -> {
            if ("POST".equals(ex.getRequestMethod())) {
                requests.set(0);
                connections.clear();
                sessions.clear();
            }
            send(ex, 200, (requests.get() + " " + connections.size() + " " + sessions.size() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            connections.add(String.valueOf(ex.getRemoteAddress()));
            if (ex instanceof HttpsExchange t) {
                sessions.add(HexFormat.of().formatHex(t.getSSLSession().getId()));
            }
            long n = 0;
            byte[] buf = new byte[256 * 1024];
            try (InputStream in = ex.getRequestBody()) {
                int r;
                while ((r = in.read(buf)) >= 0) {
                    n += r;
                }
            }
            if (perMinute > 0) {
                long retryMs = -1;
                long remaining;
                long resetMs;
                synchronized (LOCK) {
                    long now = System.nanoTime();
                    tokens = Math.min(capacity, tokens + (now - at) * perNano);
                    at = now;
                    if (tokens >= 1) {
                        tokens -= 1;
                    } else {
                        retryMs = (long) Math.ceil((1 - tokens) / perNano / 1e6);
                    }
                    remaining = (long) Math.floor(tokens);
                    resetMs = (long) Math.ceil((capacity - tokens) / perNano / 1e6);
                }
                ex.getResponseHeaders().add("x-ratelimit-limit-requests", String.valueOf(perMinute));
                ex.getResponseHeaders().add("x-ratelimit-remaining-requests", String.valueOf(remaining));
                ex.getResponseHeaders().add("x-ratelimit-reset-requests", resetMs < 1000 ? resetMs + "ms"
                        : (resetMs / 1000.0) + "s");
                if (retryMs >= 0) {
                    refused.incrementAndGet();
                    ex.getResponseHeaders().add("retry-after-ms", String.valueOf(retryMs));
                    ex.getResponseHeaders().add("retry-after", String.valueOf((retryMs + 999) / 1000));
                    send(ex, 429, ("{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\","
                            + "\"code\":\"rate_limit_exceeded\"}}").getBytes(StandardCharsets.UTF_8));
                    return;
                }
                accepted.incrementAndGet();
                try {
                    Thread.sleep(answerMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = String.format("{\"id\":\"file-%d\",\"object\":\"file\",\"bytes\":%d,\"created_at\":%d,"
                    + "\"filename\":\"upload\",\"purpose\":\"user_data\",\"status\":\"processed\"}",
                    ids.incrementAndGet(), n, System.currentTimeMillis() / 1000).getBytes(StandardCharsets.UTF_8);
            send(ex, 200, body);
        });
        server.createContext("/stop", ex -> {
            send(ex, 200, "stopping\n".getBytes(StandardCharsets.UTF_8));
            // after the answer has gone out: stop(0) from inside a handler would wait for this very exchange
            new Thread(() -> System.exit(0)).start();
        });
        server.start();
        port = server.getAddress().getPort();
        String portFile = System.getProperty("sink.port-file");
        if (portFile != null) {
            // written whole, then renamed: a reader waiting for the file never sees it half-written
            Path tmp = Path.of(portFile + ".tmp");
            Files.writeString(tmp, String.valueOf(port));
            Files.move(tmp, Path.of(portFile), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.println("sink listening on 127.0.0.1:" + port + (keyStore != null ? " (TLS)" : "") + (perMinute > 0 ? ", " + perMinute
                + " requests/minute, answers after " + answerMs + " ms" : ""));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    private static SSLContext tls(Path p12, char[] password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
