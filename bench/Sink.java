import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;

/**
 * Benchmark sink on 127.0.0.1: reads every request body to the end (counting bytes, keeping none) and
 * answers an OpenAI-style file object. Run with: java bench/Sink.java PORT [KEYSTORE.p12 PASSWORD]
 * (with a PKCS#12 key store it speaks TLS only).
 * <p>
 * {@code GET /stats} answers {@code requests connections tls-sessions} seen so far, {@code POST /stats}
 * sets them to zero: a client that reuses its connections shows few connections for many requests.
 */
public class Sink {
    private static final AtomicLong REQUESTS = new AtomicLong();
    // a connection is its client's address and port; a TLS session is what a full handshake makes
    private static final Set<String> CONNECTIONS = ConcurrentHashMap.newKeySet();
    private static final Set<String> SESSIONS = ConcurrentHashMap.newKeySet();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        // TCP_NODELAY on accepted sockets. Without it the JDK server writes the response headers and body
        // as two small segments, Nagle holds the second until the client's delayed ACK (~40 ms), and every
        // request on a kept-alive connection costs 40+ ms: 20 files/s instead of ~180 with curl -K.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        AtomicLong ids = new AtomicLong();
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        HttpServer server;
        if (args.length > 1) {
            HttpsServer https = HttpsServer.create(at, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(tls(Path.of(args[1]), args[2].toCharArray())));
            server = https;
        } else {
            server = HttpServer.create(at, 64);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/stats", ex -> {
            if ("POST".equals(ex.getRequestMethod())) {
                REQUESTS.set(0);
                CONNECTIONS.clear();
                SESSIONS.clear();
            }
            answer(ex, REQUESTS.get() + " " + CONNECTIONS.size() + " " + SESSIONS.size() + "\n", "text/plain");
        });
        server.createContext("/", ex -> {
            REQUESTS.incrementAndGet();
            CONNECTIONS.add(String.valueOf(ex.getRemoteAddress()));
            if (ex instanceof HttpsExchange tls) {
                SESSIONS.add(java.util.HexFormat.of().formatHex(tls.getSSLSession().getId()));
            }
            long n = 0;
            byte[] buf = new byte[256 * 1024];
            try (InputStream in = ex.getRequestBody()) {
                int r;
                while ((r = in.read(buf)) >= 0) {
                    n += r;
                }
            }
            answer(ex, String.format("{\"id\":\"file-%d\",\"object\":\"file\",\"bytes\":%d,\"created_at\":%d,"
                    + "\"filename\":\"upload\",\"purpose\":\"user_data\",\"status\":\"processed\"}",
                    ids.incrementAndGet(), n, System.currentTimeMillis() / 1000), "application/json");
        });
        server.start();
        System.out.println("sink listening on 127.0.0.1:" + port + (args.length > 1 ? " (TLS)" : ""));
    }

    private static void answer(HttpExchange ex, String text, String type) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(200, body.length);
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
