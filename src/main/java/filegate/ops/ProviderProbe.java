package filegate.ops;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;

import javax.net.ssl.SSLException;

import filegate.net.TlsProblems;
import filegate.provider.Answers;
import filegate.provider.Provider;
import filegate.provider.ProviderError;
import filegate.provider.ProviderHeaders;
import filegate.provider.RetryRules;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.support.UnitOfWorkHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

/**
 * One cheap authenticated call to a provider ({@link Provider#probeUrl()}) that tells whether files
 * could be sent to it now. It goes through the {@code http} component every provider call uses, after
 * camel-main configured it from {@code camel.component.http.*}: the same proxy, trust store, pacing and
 * settings as an upload, so a probe that passes means an upload can get through. It has an endpoint of its
 * own, which camel-http gives its own connection pool (uploads' pool is their endpoint's): a probe never
 * waits behind uploads for a connection, nor shows up as one, and waits only its own short timeouts
 * instead of the long ones large uploads need.
 */
public final class ProviderProbe {
    /** Enough of an error body for the provider's message; a longer one is not read. */
    private static final long MAX_ERROR_BODY = 64 * 1024;

    /**
     * @param up       files can be sent
     * @param fatal    a setting is wrong (key, URL): retrying will not help, so a one-shot run stops
     * @param message  what was found, for a person: names the URL (never the key) and what to check
     */
    public record Result(boolean up, boolean fatal, String message, Instant at) {
        static Result up(String message) {
            return new Result(true, false, message, Instant.now());
        }

        static Result down(boolean fatal, String message) {
            return new Result(false, fatal, message, Instant.now());
        }
    }

    private final long connectMs;
    private final long answerMs;
    private final Endpoint endpoint;
    private final Producer producer;

    /**
     * Call once camel-main has configured the {@code http} component (its options are read here), before
     * or after the context started: the probe is sent by a producer of its own, not through a route.
     *
     * @param timeout {@code filegate.probe.timeout-ms}: the longest the probe waits for a connection and
     *                for the answer; a shorter {@code camel.component.http.connect-timeout},
     *                {@code response-timeout} or {@code so-timeout} wins, as it would for an upload
     */
    public ProviderProbe(CamelContext context, Duration timeout) {
        HttpComponent http = context.getComponent("http", HttpComponent.class);
        long own = timeout.toMillis();
        connectMs = shorter(own, http.getConnectTimeout());
        answerMs = shorter(shorter(own, http.getResponseTimeout()), http.getSoTimeout());
        // redirects off: the key would go wherever a Location says; statuses are read here; the answer is
        // the open stream, read within its cap; the answer's message holds the answer's headers only
        endpoint = context.getEndpoint("http://provider-probe" + ProviderHeaders.SINGLE_CALL_OPTIONS
                + "&connectTimeout=" + connectMs + "&responseTimeout=" + answerMs + "&soTimeout=" + answerMs
                + "&connectionRequestTimeout=" + own);
        try {
            producer = endpoint.createProducer();
            // started now, since the start-up probe runs before the context starts; stopped with the context
            ServiceHelper.startService(endpoint, producer);
            context.addService(producer, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the provider probe's HTTP producer: " + e.getMessage(), e);
        }
    }

    /** The shorter of two timeouts; 0 (or less) is camel-http's "no timeout". */
    private static long shorter(long a, long b) {
        return b > 0 ? Math.min(a, b) : a;
    }

    public Result probe(Provider p) {
        String url = p.probeUrl();
        try {
            URI.create(url);
        } catch (IllegalArgumentException e) {
            return Result.down(true, p.who() + ": " + url + " is not a usable URL; check filegate.providers."
                    + p.name() + ".base-url");
        }
        String where = "GET " + url.split("\\?")[0];
        // a probe is a request like any other: the http component's pacing interceptor makes it wait for
        // the account's pace and reads its answer's rate headers
        Exchange exchange = endpoint.createExchange();
        Message request = exchange.getMessage();
        request.setHeader(Exchange.HTTP_URI, url);
        request.setHeader(Exchange.HTTP_METHOD, HttpMethods.GET);
        p.authHeaders().forEach(request::setHeader);
        try {
            producer.process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        try {
            return exchange.getException() != null ? connectionProblem(p, where, exchange.getException())
                    : answered(p, where, exchange.getMessage());
        } finally {
            // sent without a unit of work (no route): camel-http's clean-up of the answer runs here
            UnitOfWorkHelper.doneSynchronizations(exchange, exchange.getExchangeExtension().handoverCompletions());
        }
    }

    private static Result answered(Provider p, String where, Message answer) {
        int status = answer.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body;
        try {
            body = Answers.read(answer, MAX_ERROR_BODY);
        } catch (Answers.AnswerTooLargeException | UncheckedIOException e) {
            body = ""; // the status says enough
        }
        if (status >= 200 && status < 300) {
            return Result.up(p.who() + " is reachable and accepts the key (" + where + " answered " + status + ")");
        }
        ProviderError err = RetryRules.located(p.profile().parseError(status, p.redact(body),
                answer.getHeader("x-request-id", String.class)), answer.getHeader("location", String.class));
        String said = where + " answered " + err;
        if (status >= 300 && status < 400) {
            // never followed: the key would go wherever the Location says
            return Result.down(true, p.who() + " " + said + "; set filegate.providers." + p.name()
                    + ".base-url to the address that answers directly");
        }
        if (status == 401 || status == 403) {
            return Result.down(true, p.who() + " rejects the key: " + said + "; check " + p.keyHint());
        }
        if (status == 404) {
            return Result.down(true, p.who() + " has no such endpoint: " + said + "; check filegate.providers."
                    + p.name() + ".base-url (or set filegate.probe.enabled=false if this server has no file list)");
        }
        if ("insufficient_quota".equals(err.code()) || "insufficient_quota".equals(err.type())) {
            return Result.down(true, p.who() + " refuses work until the account has quota: " + said);
        }
        if (status >= 500) {
            return Result.down(false, p.who() + " is failing: " + said);
        }
        // 429 and other refusals of this particular GET: the server is there and did not reject the key
        return Result.up(p.who() + " is reachable (" + said + ")");
    }

    /** What httpclient5 threw, as a person reads it: the first cause that names a known problem. */
    private Result connectionProblem(Provider p, String where, Throwable e) {
        String fix = "; check filegate.providers." + p.name() + ".base-url and the network";
        for (Throwable t = e; t != null; t = t.getCause()) {
            // before ConnectException and the read timeouts: httpclient5 wraps a connect timeout in this one
            if (t instanceof ConnectTimeoutException) {
                return Result.down(true, p.who() + " did not accept a connection within " + connectMs + " ms ("
                        + where + ")" + fix);
            }
            if (t instanceof ConnectException) {
                return Result.down(true, p.who() + " refuses connections (" + where + ")" + fix);
            }
            if (t instanceof UnknownHostException) {
                return Result.down(true, p.who() + ": unknown host " + URI.create(p.baseUrl()).getHost() + " ("
                        + where + ")" + fix);
            }
            if (t instanceof SSLException) {
                return Result.down(true, p.who() + ": TLS handshake failed (" + where + "): " + t.getMessage()
                        + TlsProblems.hint(e));
            }
            if (t instanceof SocketTimeoutException || t instanceof ConnectionRequestTimeoutException) {
                return Result.down(false, p.who() + " did not answer within " + answerMs + " ms (" + where + ")");
            }
            if (t instanceof InterruptedIOException || t instanceof InterruptedException) {
                if (t instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                return Result.down(false, p.who() + ": probe interrupted");
            }
        }
        return Result.down(false, p.who() + ": " + where + " failed: " + p.redact(String.valueOf(e.getMessage())));
    }
}
