package filegate.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server: its first {@code resets} connections are cut
 * with a TCP reset after {@code afterBytes} bytes of the request, the way a flaky network or load
 * balancer does mid-body; later connections are passed through untouched.
 */
public final class ResetProxy implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicInteger resetsLeft;
    private final AtomicInteger resetsDone = new AtomicInteger();

    public ResetProxy(int targetPort, int resets, int afterBytes) throws IOException {
        this.resetsLeft = new AtomicInteger(resets);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.submit(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    if (resetsLeft.getAndDecrement() > 0) {
                        pool.submit(() -> cut(client, afterBytes));
                    } else {
                        pool.submit(() -> pipe(client, targetPort));
                    }
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

    public int resetsDone() {
        return resetsDone.get();
    }

    private void cut(Socket client, int afterBytes) {
        try (client) {
            InputStream in = client.getInputStream();
            byte[] buf = new byte[8192];
            int seen = 0;
            while (seen < afterBytes) {
                int n = in.read(buf, 0, Math.min(buf.length, afterBytes - seen));
                if (n < 0) {
                    break;
                }
                seen += n;
            }
            client.setSoLinger(true, 0); // close with RST, not FIN
            resetsDone.incrementAndGet();
        } catch (IOException ignored) {
            // the client gave up first: also a cut connection
        }
    }

    /** Both directions copied until either side closes; then both ends close. */
    private void pipe(Socket client, int targetPort) {
        Socket upstream;
        try {
            upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        pool.submit(() -> {
            try {
                return copy(upstream.getInputStream(), client.getOutputStream());
            } finally {
                closeQuietly(client);
                closeQuietly(upstream);
            }
        });
        try {
            copy(client.getInputStream(), upstream.getOutputStream());
        } catch (IOException ignored) {
            // either side closed
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static Void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            out.flush();
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        pool.shutdownNow();
    }
}
