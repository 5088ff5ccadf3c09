package filegate.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.security.GeneralSecurityException;

import org.apache.hc.client5.http.socket.LayeredConnectionSocketFactory;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The https socket factory of a camel-http connection pool, made on the first https connection instead of
 * when the endpoint is created.
 * <p>
 * Why: making it builds a TLS context, which reads and parses the JVM's CA certificates (about 6% of a
 * one-file {@code --sync}'s start-up CPU), and camel-http makes one for every endpoint even when the
 * provider's URL is plain http (a local OpenAI-compatible server, a test sink). Every method hands over to
 * the real factory, so an https connection is made exactly as before; only a TLS set-up that fails now fails
 * that first connection rather than the start.
 */
final class DeferredTlsSocketFactory implements LayeredConnectionSocketFactory {

    /** Makes the real factory; called once. */
    interface Maker {
        LayeredConnectionSocketFactory make() throws GeneralSecurityException, IOException;
    }

    private final Maker maker;
    private volatile LayeredConnectionSocketFactory factory;

    DeferredTlsSocketFactory(Maker maker) {
        this.maker = maker;
    }

    /** The real factory, made by the first caller. */
    LayeredConnectionSocketFactory factory() throws IOException {
        LayeredConnectionSocketFactory f = factory;
        if (f == null) {
            synchronized (this) {
                f = factory;
                if (f == null) {
                    try {
                        f = maker.make();
                    } catch (GeneralSecurityException e) {
                        throw new IOException("TLS could not be set up: " + e.getMessage(), e);
                    }
                    factory = f;
                }
            }
        }
        return f;
    }

    @Override
    public Socket createSocket(HttpContext context) throws IOException {
        return factory().createSocket(context);
    }

    @Override
    public Socket createSocket(Proxy proxy, HttpContext context) throws IOException {
        return factory().createSocket(proxy, context);
    }

    @Override
    public Socket connectSocket(TimeValue connectTimeout, Socket socket, HttpHost host, InetSocketAddress remote,
            InetSocketAddress local, HttpContext context) throws IOException {
        return factory().connectSocket(connectTimeout, socket, host, remote, local, context);
    }

    @Override
    public Socket connectSocket(Socket socket, HttpHost host, InetSocketAddress remote, InetSocketAddress local,
            Timeout connectTimeout, Object attachment, HttpContext context) throws IOException {
        return factory().connectSocket(socket, host, remote, local, connectTimeout, attachment, context);
    }

    @Override
    public Socket createLayeredSocket(Socket socket, String target, int port, HttpContext context)
            throws IOException {
        return factory().createLayeredSocket(socket, target, port, context);
    }

    @Override
    public Socket createLayeredSocket(Socket socket, String target, int port, Object attachment,
            HttpContext context) throws IOException {
        return factory().createLayeredSocket(socket, target, port, attachment, context);
    }
}
