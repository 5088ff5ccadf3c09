package filegate.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 standing in for a provider's Files API. It records every request
 * (headers and parsed multipart body) and answers with whatever the test scripts.
 */
public final class FakeProvider implements AutoCloseable {

    /** One request as the server saw it. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers,
                          byte[] body, Multipart multipart, long receivedAtMillis, int remotePort) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase());
            return v == null ? null : v.get(0);
        }
    }

    /** One scripted answer. */
    public record Response(int status, String body, Map<String, String> headers) {
        public static Response json(int status, String body) {
            return new Response(status, body, Map.of("Content-Type", "application/json"));
        }

        public Response withHeader(String name, String value) {
            Map<String, String> h = new TreeMap<>(headers);
            h.put(name, value);
            return new Response(status, body, h);
        }
    }

    static {
        // the JDK server writes headers and body separately; without TCP_NODELAY each answer waits
        // ~40 ms for the client's delayed ACK, which would measure the fake instead of Filegate
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** A file the server holds, as its list endpoint shows it. */
    public record Stored(String id, String filename, long bytes, String purpose, long createdAt, String sha256) {
    }

    private final HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Stored> stored = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Function<Request, Response> handler = this::openAiFile;
    private volatile int maxPage = Integer.MAX_VALUE;
    private final FakeUploads uploadsApi = new FakeUploads(this);

    public FakeProvider() throws IOException {
        this(null);
    }

    /** @param tls null: plain http; else https only, presenting this context's certificate */
    public FakeProvider(javax.net.ssl.SSLContext tls) throws IOException {
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(at, 0);
        } else {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(at, 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            server = https;
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** e.g. http://127.0.0.1:PORT/v1 */
    public String baseUrl() {
        return root() + "/v1";
    }

    /** e.g. http://127.0.0.1:PORT, for providers whose upload path already starts with /v1. */
    public String root() {
        return (server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http") + "://127.0.0.1:"
                + server.getAddress().getPort();
    }

    /**
     * Answers with a documented response from {@code src/test/resources/providers/}, filling
     * {@code ${filename}}, {@code ${bytes}} and {@code ${purpose}} from what was sent.
     */
    public static Function<Request, Response> documented(int status, String fixture) {
        return r -> {
            Multipart.Part file = r.multipart().part("file");
            String purpose = r.multipart().names().contains("purpose") ? r.multipart().text("purpose") : "";
            return Response.json(status, Fixtures.load(fixture, Map.of("filename", file.filename(),
                    "bytes", String.valueOf(file.data().length), "purpose", purpose)));
        };
    }

    public FakeProvider answer(Function<Request, Response> handler) {
        this.handler = handler;
        return this;
    }

    /** What a test does while a request is held open (wait for a latch, sleep, look at a folder). */
    @FunctionalInterface
    public interface Hold {
        void run(Request r) throws InterruptedException;
    }

    /** How many held requests were open at the provider at once: parallelism as seen on the wire. */
    public static final class Concurrency {
        private final AtomicInteger open = new AtomicInteger();
        private final AtomicInteger most = new AtomicInteger();

        public int most() {
            return most.get();
        }
    }

    /**
     * Answers every request {@code held} selects with the default answer only after {@code hold} has run,
     * counting how many of them are open together; the others are answered at once.
     */
    public Concurrency answerHeld(java.util.function.Predicate<Request> held, Hold hold) {
        Concurrency c = new Concurrency();
        answer(r -> {
            if (!held.test(r)) {
                return openAiFile(r);
            }
            c.most.accumulateAndGet(c.open.incrementAndGet(), Math::max);
            try {
                hold.run(r);
                return openAiFile(r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                c.open.decrementAndGet();
            }
        });
        return c;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * The default answer: GET lists stored files OpenAI-style (purpose, limit, order=desc, after);
     * POST stores the file and answers an OpenAI file object echoing what was sent.
     */
    public Response openAiFile(Request r) {
        if (FakeUploads.handles(r)) {
            return uploadsApi.handle(r);
        }
        if (r.path().matches(".*/files/[^/]+") && (r.method().equals("GET") || r.method().equals("DELETE"))) {
            return oneFile(r);
        }
        if (r.method().equals("GET")) {
            return list(r);
        }
        return fileJson(store(r));
    }

    /**
     * {@code GET /files/{id}}: the stored file's object, {@code DELETE /files/{id}}: removes it as OpenAI does
     * ({@code {"id","object":"file","deleted":true}}); 404 for an id the server does not hold.
     */
    public Response oneFile(Request r) {
        String id = r.path().substring(r.path().lastIndexOf('/') + 1);
        Stored s = stored().stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
        if (s == null) {
            return Response.json(404, "{\"error\":{\"message\":\"No such File object: " + id + "\",\"type\":"
                    + "\"invalid_request_error\",\"code\":null}}");
        }
        if (r.method().equals("DELETE")) {
            stored.remove(s);
            return Response.json(200, "{\"id\":\"" + id + "\",\"object\":\"file\",\"deleted\":true}");
        }
        return fileJson(s);
    }

    /** A file put there by someone else (another tool, a person), as the list will show it. */
    public Stored storeExternal(String filename, String purpose, long bytes, long createdAt) {
        Stored s = new Stored("file-" + ids.incrementAndGet(), filename, bytes, purpose, createdAt, null);
        stored.add(s);
        return s;
    }

    /** Serves at most this many files per list page, whatever limit is asked for (a real server's maximum). */
    public FakeProvider maxPage(int files) {
        this.maxPage = files;
        return this;
    }

    /** The Uploads API side of this server ({@code /v1/uploads...}). */
    public FakeUploads uploadsApi() {
        return uploadsApi;
    }

    /** Keeps the uploaded file as the provider would; a later GET lists it. */
    public Stored store(Request r) {
        Multipart.Part file = r.multipart().part("file");
        Stored s = new Stored("file-" + ids.incrementAndGet(), file.filename(), file.data().length,
                r.multipart().text("purpose"), System.currentTimeMillis() / 1000, sha256(file.data()));
        stored.add(s);
        return s;
    }

    /** Keeps a file assembled from an upload's parts. */
    Stored storeBytes(String filename, String purpose, byte[] data) {
        Stored s = new Stored("file-" + ids.incrementAndGet(), filename, data.length, purpose,
                System.currentTimeMillis() / 1000, sha256(data));
        stored.add(s);
        return s;
    }

    public static Response fileJson(Stored s) {
        return Response.json(200, String.format(
                "{\"id\":\"%s\",\"object\":\"file\",\"bytes\":%d,\"created_at\":%d,"
                        + "\"filename\":\"%s\",\"purpose\":\"%s\",\"status\":\"processed\",\"expires_at\":null,"
                        + "\"status_details\":null}",
                s.id(), s.bytes(), s.createdAt(), s.filename().replace("\"", "\\\""), s.purpose()));
    }

    private Response list(Request r) {
        Map<String, String> q = new TreeMap<>();
        if (r.query() != null) {
            for (String kv : r.query().split("&")) {
                int eq = kv.indexOf('=');
                q.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        List<Stored> all = new ArrayList<>(stored());
        Collections.reverse(all); // newest first, as order=desc
        if (q.containsKey("purpose")) {
            all.removeIf(s -> !s.purpose().equals(q.get("purpose")));
        }
        if (q.containsKey("after")) {
            int at = -1;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).id().equals(q.get("after"))) {
                    at = i;
                }
            }
            all = all.subList(at + 1, all.size());
        }
        int limit = Math.min(maxPage, Integer.parseInt(q.getOrDefault("limit", "10000")));
        List<Stored> page = all.subList(0, Math.min(limit, all.size()));
        StringBuilder data = new StringBuilder();
        for (Stored s : page) {
            data.append(data.length() == 0 ? "" : ",").append(fileJson(s).body());
        }
        return Response.json(200, String.format("{\"object\":\"list\",\"data\":[%s],\"first_id\":%s,\"last_id\":%s,"
                        + "\"has_more\":%b}", data,
                page.isEmpty() ? "null" : "\"" + page.get(0).id() + "\"",
                page.isEmpty() ? "null" : "\"" + page.get(page.size() - 1).id() + "\"",
                page.size() < all.size()));
    }

    public List<Stored> stored() {
        synchronized (stored) {
            return List.copyOf(stored);
        }
    }

    /** Uploads (POSTs) seen so far. */
    public List<Request> uploads() {
        return requests().stream().filter(r -> r.method().equals("POST")).toList();
    }

    static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = readAll(ex.getRequestBody());
            Map<String, List<String>> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
            String ct = ex.getRequestHeaders().getFirst("Content-Type");
            Multipart mp = ct != null && ct.startsWith("multipart/form-data") ? Multipart.parse(ct, body) : null;
            Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    ex.getRequestURI().getRawQuery(), headers, body, mp, System.currentTimeMillis(),
                    ex.getRemoteAddress().getPort());
            requests.add(req);
            Response resp = handler.apply(req);
            byte[] out = resp.body().getBytes(StandardCharsets.UTF_8);
            resp.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(resp.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        in.transferTo(bos);
        return bos.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
