package filegate.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small forward proxy on 127.0.0.1, as a company's would be: {@code CONNECT host:port} opens a tunnel
 * (https), a request with an absolute URI is passed to its host (plain http). With credentials set it
 * answers 407 with a Basic challenge until the request carries them. It records where it was asked to go.
 */
public final class ConnectProxy implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final String expectedAuth;
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private final AtomicInteger challenged = new AtomicInteger();

    /** @param user null: no authentication asked */
    public ConnectProxy(String user, String password) throws IOException {
        expectedAuth = user == null ? null : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.submit(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    pool.submit(() -> serve(client));
                } catch (IOException e) {
                    return null;
                }
            }
            return null;
        });
    }

    public int port() {
        return server.getLocalPort();
    }

    /** host:port of every tunnel or request passed on, in order. */
    public List<String> targets() {
        return List.copyOf(targets);
    }

    /** How many requests were answered 407 for missing or wrong credentials. */
    public int challenged() {
        return challenged.get();
    }

    private Void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return null;
                }
                String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
                if (expectedAuth != null && !expectedAuth.equals(header(head, "proxy-authorization"))) {
                    challenged.incrementAndGet();
                    out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\""
                            + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    // a request with a body was not read: this connection cannot go on
                    if (!requestLine[0].equals("CONNECT") && header(head, "content-length") != null) {
                        return null;
                    }
                    continue;
                }
                if (requestLine[0].equals("CONNECT")) {
                    String target = requestLine[1];
                    targets.add(target);
                    int colon = target.lastIndexOf(':');
                    Socket upstream = new Socket(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
                    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    pipe(client, upstream, new byte[0]);
                    return null;
                }
                URI uri = URI.create(requestLine[1]);
                int port = uri.getPort() == -1 ? 80 : uri.getPort();
                targets.add(uri.getHost() + ":" + port);
                // servers accept the absolute form too (RFC 9112 3.2.2), so the head goes on unchanged
                Socket upstream = new Socket(uri.getHost(), port);
                pipe(client, upstream, head.getBytes(StandardCharsets.ISO_8859_1));
                return null;
            }
        } catch (IOException e) {
            return null;
        }
    }

    private void pipe(Socket client, Socket upstream, byte[] first) throws IOException {
        try (upstream) {
            upstream.getOutputStream().write(first);
            var back = pool.submit(() -> {
                try {
                    upstream.getInputStream().transferTo(client.getOutputStream());
                } catch (IOException e) {
                    // either side closed
                }
                try {
                    client.shutdownOutput();
                } catch (IOException e) {
                    // already closed
                }
                return null;
            });
            try {
                client.getInputStream().transferTo(upstream.getOutputStream());
                upstream.shutdownOutput();
            } catch (IOException e) {
                // either side closed
            }
            try {
                back.get();
            } catch (Exception e) {
                // done either way
            }
        }
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The request line and headers, up to the empty line; null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while ((c = in.read()) >= 0) {
            b.write(c);
            matched = c == end[matched] ? matched + 1 : c == '\r' ? 1 : 0;
            if (matched == 4) {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        pool.shutdownNow();
    }
}
