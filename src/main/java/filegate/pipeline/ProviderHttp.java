package filegate.pipeline;

import filegate.provider.ProviderHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import static filegate.pipeline.Flow.delivery;

/**
 * The one route through which the pipeline calls a provider (an upload, a page of the file list, a call of
 * the Uploads API): the caller sets the URL, method and body, this route adds the delivery's credentials,
 * sends, and takes them off again, whatever happened. What reaches the wire is decided by
 * {@link ProviderHeaders}, the camel-http component's header filter.
 * <p>
 * No error handler of its own: a failure goes back to the calling route, whose error handler redelivers
 * the whole attempt (so the body is rebuilt).
 */
public final class ProviderHttp extends RouteBuilder {
    static final String ENTRY = "direct:provider-http";

    @Override
    public void configure() {
        from(ENTRY).routeId("provider-http")
                .errorHandler(noErrorHandler())
                .process(ProviderHttp::withCredentials)
                .doTry()
                    .to("http://provider" + ProviderHeaders.ENDPOINT_OPTIONS)
                .doFinally()
                    .process(ProviderHttp::withoutCredentials)
                .end();
    }

    /**
     * The answer read after this request must be this request's alone: the headers an earlier answer left on
     * the message (camel-http copies the request's headers onto the answer, and Camel's redelivery counts in
     * them) go, Camel's own stay. Then the delivery's credentials.
     */
    private static void withCredentials(Exchange exchange) {
        exchange.getMessage().getHeaders().keySet().removeIf(name -> !Flow.startsWithIgnoreCase(name, "Camel"));
        delivery(exchange).provider().authHeaders().forEach(exchange.getMessage()::setHeader);
    }

    private static void withoutCredentials(Exchange exchange) {
        delivery(exchange).provider().authHeaders().keySet().forEach(exchange.getMessage()::removeHeader);
    }
}
