package filegate.lifecycle;

import filegate.provider.Answers;
import filegate.provider.Provider;
import filegate.provider.ProviderHeaders;
import filegate.provider.RetryRules;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpMethods;

/**
 * The provider's file endpoints after an upload ({@code GET /files}, {@code GET} and {@code DELETE
 * /files/{id}}), through camel-http like every provider call: the instance's own auth header set on the
 * request, no other header of ours sent and the answer's headers only on the answer ({@link ProviderHeaders}),
 * the answer read within its cap.
 */
public final class ProviderCalls {
    private static final String ENDPOINT =
            "http://provider-files" + ProviderHeaders.SINGLE_CALL_OPTIONS;
    private static final String ROUTE = "provider-files";
    private static final String ENTRY = "direct:filegate-provider-files";
    private static final String CAP = "fgAnswerCap";

    /**
     * The one route these calls go through: camel-http hands the answer over as the open response stream,
     * which is closed when the exchange completes, so it is read (within its cap) inside the route.
     */
    public static RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(ENTRY).routeId(ROUTE).errorHandler(noErrorHandler())
                        .to(ENDPOINT)
                        .process(ex -> ex.getMessage().setBody(Answers.read(ex.getMessage(),
                                ex.getProperty(CAP, Long.class))));
            }
        };
    }

    /**
     * One answer: the status, the body (already redacted), the wait the provider asked for (-1 none), and
     * whether it is worth asking again (429, 5xx, 408, network errors, as the upload's retry rules say).
     */
    public record Answer(int status, String body, long retryAfterMs, boolean transientFailure, String failure) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final CamelContext context;
    private volatile ProducerTemplate template;

    public ProviderCalls(CamelContext context) {
        this.context = context;
    }

    public Answer get(Provider p, String url, long cap) {
        return call(p, url, HttpMethods.GET, cap);
    }

    public Answer delete(Provider p, String url) {
        return call(p, url, HttpMethods.DELETE, Answers.FILE_OBJECT_CAP);
    }

    private Answer call(Provider p, String url, HttpMethods method, long cap) {
        startRoute();
        Exchange answer = template().request(ENTRY, ex -> {
            ex.setProperty(CAP, cap);
            Message m = ex.getMessage();
            m.setBody(null);
            m.setHeader(Exchange.HTTP_URI, url);
            m.setHeader(Exchange.HTTP_METHOD, method);
            p.authHeaders().forEach(m::setHeader);
        });
        Message m = answer.getMessage();
        if (answer.getException() != null) {
            // the network is worth another try, like an upload's I/O error; an answer over its cap is not
            Exception e = answer.getException();
            return new Answer(0, "", -1, !(e instanceof Answers.AnswerTooLargeException),
                    p.redact(String.valueOf(e.getMessage())));
        }
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = p.redact(m.getBody(String.class));
        body = body == null ? "" : body;
        if (status >= 200 && status < 300) {
            return new Answer(status, body, -1, false, null);
        }
        RetryRules.Header headers = name -> m.getHeader(name, String.class);
        var err = p.profile().parseError(status, body, m.getHeader("x-request-id", String.class));
        long wait = RetryRules.retryAfterMs(headers);
        if (wait < 0 && status == 429) {
            wait = RetryRules.rateLimitResetMs(headers);
        }
        return new Answer(status, body, wait, RetryRules.retryable(status, err, headers), err.toString());
    }

    /** --report and --prune start no route (autoStartup off): this one starts when first needed. */
    private void startRoute() {
        var controller = context.getRouteController();
        var status = controller.getRouteStatus(ROUTE);
        if (status != null && !status.isStarted()) {
            try {
                controller.startRoute(ROUTE);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the provider-files route: " + e.getMessage(), e);
            }
        }
    }

    private ProducerTemplate template() {
        if (template == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
            }
        }
        return template;
    }
}
