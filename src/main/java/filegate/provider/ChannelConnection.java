package filegate.provider;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Identifiable;
import org.apache.hc.core5.util.Timeout;

/**
 * httpclient5's connection, unchanged, except that while it sends a request body the body can reach the
 * plain socket's channel ({@link #channelForBody()}) and write file bytes from a native buffer, without
 * the two copies through the heap that an {@code OutputStream} costs. TLS connections have no channel:
 * their bodies go through the stream as before.
 */
final class ChannelConnection implements ManagedHttpClientConnection, Identifiable {
    private static final ThreadLocal<SocketChannel> SENDING = new ThreadLocal<>();

    private final ManagedHttpClientConnection delegate;

    ChannelConnection(ManagedHttpClientConnection delegate) {
        this.delegate = delegate;
    }

    /**
     * The blocking socket channel the current thread's request body goes to, or null (TLS, a proxy, or
     * outside a request). Bytes written to it directly must follow a flush of the body's stream.
     */
    static SocketChannel channelForBody() {
        return SENDING.get();
    }

    @Override
    public void sendRequestEntity(ClassicHttpRequest request) throws HttpException, IOException {
        Socket s = delegate.getSocket();
        SocketChannel ch = s == null || s instanceof SSLSocket || getSSLSession() != null ? null : s.getChannel();
        SENDING.set(ch != null && ch.isBlocking() ? ch : null);
        try {
            delegate.sendRequestEntity(request);
        } finally {
            SENDING.remove();
        }
    }

    @Override
    public void bind(Socket socket) throws IOException {
        delegate.bind(socket);
    }

    @Override
    public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
        delegate.bind(sslSocket, socket);
    }

    @Override
    public Socket getSocket() {
        return delegate.getSocket();
    }

    @Override
    public SSLSession getSSLSession() {
        return delegate.getSSLSession();
    }

    @Override
    public void passivate() {
        delegate.passivate();
    }

    @Override
    public void activate() {
        delegate.activate();
    }

    @Override
    public boolean isConsistent() {
        return delegate.isConsistent();
    }

    @Override
    public void sendRequestHeader(ClassicHttpRequest request) throws HttpException, IOException {
        delegate.sendRequestHeader(request);
    }

    @Override
    public void terminateRequest(ClassicHttpRequest request) throws HttpException, IOException {
        delegate.terminateRequest(request);
    }

    @Override
    public ClassicHttpResponse receiveResponseHeader() throws HttpException, IOException {
        return delegate.receiveResponseHeader();
    }

    @Override
    public void receiveResponseEntity(ClassicHttpResponse response) throws HttpException, IOException {
        delegate.receiveResponseEntity(response);
    }

    @Override
    public boolean isDataAvailable(Timeout timeout) throws IOException {
        return delegate.isDataAvailable(timeout);
    }

    @Override
    public boolean isStale() throws IOException {
        return delegate.isStale();
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public void close(CloseMode closeMode) {
        delegate.close(closeMode);
    }

    @Override
    public EndpointDetails getEndpointDetails() {
        return delegate.getEndpointDetails();
    }

    @Override
    public SocketAddress getLocalAddress() {
        return delegate.getLocalAddress();
    }

    @Override
    public SocketAddress getRemoteAddress() {
        return delegate.getRemoteAddress();
    }

    @Override
    public ProtocolVersion getProtocolVersion() {
        return delegate.getProtocolVersion();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public Timeout getSocketTimeout() {
        return delegate.getSocketTimeout();
    }

    @Override
    public void setSocketTimeout(Timeout timeout) {
        delegate.setSocketTimeout(timeout);
    }

    @Override
    public String getId() {
        return delegate instanceof Identifiable i ? i.getId() : Integer.toHexString(System.identityHashCode(this));
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
