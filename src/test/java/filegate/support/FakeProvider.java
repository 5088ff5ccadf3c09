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
                          byte[] body, Multipart multipart) {
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

    private final HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Function<Request, Response> handler = this::openAiFile;

    public FakeProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** e.g. http://127.0.0.1:PORT/v1 */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public FakeProvider answer(Function<Request, Response> handler) {
        this.handler = handler;
        return this;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The default answer: an OpenAI file object echoing what was sent. */
    public Response openAiFile(Request r) {
        Multipart.Part file = r.multipart().part("file");
        String purpose = r.multipart().text("purpose");
        return Response.json(200, String.format(
                "{\"id\":\"file-%d\",\"object\":\"file\",\"bytes\":%d,\"created_at\":1700000000,"
                        + "\"filename\":\"%s\",\"purpose\":\"%s\",\"status\":\"processed\",\"expires_at\":null,"
                        + "\"status_details\":null}",
                ids.incrementAndGet(), file.data().length, file.filename().replace("\"", "\\\""), purpose));
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = readAll(ex.getRequestBody());
            Map<String, List<String>> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
            String ct = ex.getRequestHeaders().getFirst("Content-Type");
            Multipart mp = ct != null && ct.startsWith("multipart/form-data") ? Multipart.parse(ct, body) : null;
            Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    ex.getRequestURI().getRawQuery(), headers, body, mp);
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
