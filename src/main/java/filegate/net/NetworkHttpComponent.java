package filegate.net;

import java.io.IOException;
import java.security.GeneralSecurityException;

import javax.net.ssl.HostnameVerifier;

import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.hc.client5.http.socket.ConnectionSocketFactory;
import org.apache.hc.client5.http.socket.LayeredConnectionSocketFactory;
import org.apache.hc.client5.http.socket.PlainConnectionSocketFactory;
import org.apache.hc.client5.http.ssl.SSLConnectionSocketFactory;
import org.apache.hc.core5.http.config.Registry;
import org.apache.hc.core5.http.config.RegistryBuilder;

/**
 * camel-http's component, with https connections made from {@link Network}'s TLS context (the JVM's CAs
 * plus {@code filegate.tls.trust-store}) when no {@code sslContextParameters} are given. Camel's own
 * {@code sslContextParameters} cannot carry it: set on the component they turn every http endpoint into
 * https, and their defaults narrow the protocols.
 */
public class NetworkHttpComponent extends HttpComponent {
    private volatile Network network = Network.defaults();

    void useNetwork(Network network) {
        this.network = network;
    }

    @Override
    protected Registry<ConnectionSocketFactory> createConnectionRegistry(HostnameVerifier hostnameVerifier,
            SSLContextParameters sslContextParams, boolean useSystemProperties)
            throws GeneralSecurityException, IOException {
        if (sslContextParams != null) {
            return super.createConnectionRegistry(hostnameVerifier, sslContextParams, useSystemProperties);
        }
        Network n = network;
        // the TLS context (the CA certificates read and parsed) only once an https connection is made
        DeferredTlsSocketFactory https = new DeferredTlsSocketFactory(() -> n.sslContext().isPresent()
                ? new SSLConnectionSocketFactory(n.sslContext().get(), hostnameVerifier)
                : (LayeredConnectionSocketFactory) super.createConnectionRegistry(hostnameVerifier, null,
                        useSystemProperties).lookup("https"));
        return RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .register("https", https)
                .build();
    }
}
