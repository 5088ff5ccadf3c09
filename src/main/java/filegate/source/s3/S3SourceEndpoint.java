package filegate.source.s3;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.ScheduledPollEndpoint;

/** One S3 source ({@link S3Source}, the {@code source} option) read on Camel's scheduled-poll terms. */
public final class S3SourceEndpoint extends ScheduledPollEndpoint {
    private S3Source source;

    S3SourceEndpoint(String uri, S3SourceComponent component) {
        super(uri, component);
    }

    /** The source's settings and state: the route template's {@code s3source} bean. */
    public void setSource(S3Source source) {
        this.source = source;
    }

    public S3Source getSource() {
        return source;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (source == null) {
            throw new IllegalArgumentException(getEndpointBaseUri() + " needs source=#<an S3Source bean>, as in the"
                    + " shipped routes/s3-prefix.camel.yaml");
        }
        S3SourceConsumer consumer = new S3SourceConsumer(this, processor, source);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException(S3SourceComponent.SCHEME + " is a source: use it in from:, not to:");
    }
}
