package filegate.provider;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.Exchange;
import org.apache.camel.http.common.HttpHeaderFilterStrategy;

/**
 * The one rule for which message headers become HTTP headers of a provider call, set on the camel-http
 * component so every provider endpoint uses it. camel-http otherwise sends every non-{@code Camel*}
 * header: the source's, an earlier answer's {@code Retry-After}, anything a route left behind.
 * <ul>
 *   <li><b>Out</b> (message → request): only the headers a provider request carries, the credentials
 *   header of each configured provider ({@link Provider#requestHeaderNames()}), set on every request.
 *   Content-Type and Content-Length come from the request's body entity, never from a header.</li>
 *   <li><b>In</b> (answer → message): as camel-http's own strategy, every answer header but
 *   {@code Camel*} ones (so an answer cannot steer Camel), because the retry code reads
 *   {@code Retry-After}, {@code retry-after-ms}, {@code x-ratelimit-*}, {@code x-request-id} and
 *   {@code Location} from it.</li>
 * </ul>
 * Answers' headers and the request's credentials stay on the message after the call (camel-http's
 * {@code copyHeaders}): where an error handler redelivers they must, because Camel counts redeliveries in
 * {@code CamelRedeliveryCounter} on the message, and an answer without it would restart the count (a retry
 * that never ends). The pipeline's calls therefore go through one route ({@code pipeline.ProviderHttp}) that
 * forgets an earlier answer before the request and takes the credentials off after it; a call on an exchange
 * of its own, never redelivered, uses {@link #SINGLE_CALL_OPTIONS} instead, whose answer holds its own
 * headers only.
 */
public final class ProviderHeaders extends HttpHeaderFilterStrategy {
    /**
     * The options of every provider endpoint: statuses are read by the caller, redirects are not followed
     * (a key must not travel to another host), the answer stream is read once within its cap.
     */
    public static final String ENDPOINT_OPTIONS = "?throwExceptionOnFailure=false&followRedirects=false"
            + "&disableStreamCache=true";
    /** For a call on an exchange of its own: the answer's message carries the answer's headers only. */
    public static final String SINGLE_CALL_OPTIONS = ENDPOINT_OPTIONS + "&copyHeaders=false";

    private final Set<String> allowed;

    public ProviderHeaders(Set<String> allowed) {
        Set<String> lower = new TreeSet<>();
        allowed.forEach(h -> lower.add(h.toLowerCase(Locale.ROOT)));
        this.allowed = Set.copyOf(lower);
    }

    /** The headers of every configured provider. */
    public static ProviderHeaders of(Providers providers) {
        Set<String> names = new TreeSet<>();
        providers.names().forEach(n -> names.addAll(providers.get(n).requestHeaderNames()));
        return new ProviderHeaders(names);
    }

    /** The request headers let out, lower case. */
    public Set<String> allowed() {
        return allowed;
    }

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !allowed.contains(headerName.toLowerCase(Locale.ROOT))
                || super.applyFilterToCamelHeaders(headerName, headerValue, exchange);
    }
}
