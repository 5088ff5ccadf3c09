package filegate.source.s3;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@value #SCHEME} component: an S3 source as a Camel polling consumer, like camel-file's. The
 * {@code s3-prefix} route template reads {@code filegate-s3:<name>?source=#<S3Source bean>} plus the
 * scheduled-poll options ({@code initialDelay}, {@code delay}, {@code repeatCount}, {@code pollStrategy}).
 * Filegate registers it under {@value #SCHEME} before the routes are read.
 */
public final class S3SourceComponent extends DefaultComponent {
    public static final String SCHEME = "filegate-s3";

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        S3SourceEndpoint endpoint = new S3SourceEndpoint(uri, this);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
