package filegate.provider;

import java.net.Proxy;
import java.net.Socket;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLSocket;

import filegate.net.NetworkHttpComponent;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.socket.ConnectionSocketFactory;
import org.apache.hc.client5.http.socket.LayeredConnectionSocketFactory;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.config.Lookup;
import org.apache.hc.core5.http.config.Registry;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;

/**
 * camel-http's component with one change: plain http connections are made over a {@link SocketChannel}
 * and wrapped in {@link ChannelConnection}, so that {@link MultipartBody} can write large file parts
 * from a native buffer. Every option (timeouts, pool sizes, TLS) is camel-http's own and set the usual
 * way ({@code camel.component.http.*}).
 */
public final class ChannelHttpComponent extends NetworkHttpComponent {
    @Override
    protected HttpClientConnectionManager createConnectionManager(Registry<ConnectionSocketFactory> registry,
            int maxTotalConnections, int connectionsPerRoute, SocketConfig defaultSocketConfig) {
        // httpclient5 takes plain sockets from its operator, never from camel's registry, so the operator
        // is built here: channel-backed plain sockets, TLS exactly as camel-http set it up
        ConnectionSocketFactory https = registry.lookup("https");
        Lookup<TlsSocketStrategy> tls = scheme -> "https".equals(scheme)
                && https instanceof LayeredConnectionSocketFactory layered
                ? (socket, target, port, attachment, context) ->
                        (SSLSocket) layered.createLayeredSocket(socket, target, port, attachment, context)
                : null;
        DefaultHttpClientConnectionOperator operator = new DefaultHttpClientConnectionOperator(
                ChannelHttpComponent::channelSocket, null, null, tls);
        // the rest as HttpComponent#createConnectionManager builds it
        PoolingHttpClientConnectionManager answer = new PoolingHttpClientConnectionManager(operator,
                PoolConcurrencyPolicy.STRICT, PoolReusePolicy.LIFO, TimeValue.ofMilliseconds(getConnectionTimeToLive()),
                socket -> new ChannelConnection(ManagedHttpClientConnectionFactory.INSTANCE.createConnection(socket)));
        int total = maxTotalConnections == 0 ? getMaxTotalConnections() : maxTotalConnections;
        if (total > 0) {
            answer.setMaxTotal(total);
        }
        answer.setDefaultSocketConfig(defaultSocketConfig);
        int perRoute = connectionsPerRoute == 0 ? getConnectionsPerRoute() : connectionsPerRoute;
        if (perRoute > 0) {
            answer.setDefaultMaxPerRoute(perRoute);
        }
        return answer;
    }

    /** A plain socket that has a channel; through a SOCKS proxy a classic one, written as a stream. */
    private static Socket channelSocket(Proxy proxy) throws java.io.IOException {
        return proxy == null || proxy.type() == Proxy.Type.DIRECT ? SocketChannel.open().socket() : new Socket(proxy);
    }
}
