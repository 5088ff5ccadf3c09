package filegate.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import javax.net.ssl.SSLException;

import filegate.pacing.Pacer;
import filegate.pacing.Pacing;
import filegate.net.Network;
import filegate.net.TlsProblems;
import filegate.provider.Provider;
import filegate.provider.ProviderError;
import filegate.provider.RetryRules;

/**
 * One cheap authenticated call to a provider ({@link Provider#probeUrl()}) that tells whether files
 * could be sent to it now. It uses the JDK's own HTTP client rather than the upload route, so a probe
 * never shows up as an upload, never takes a connection uploads are waiting for, and has its own short
 * timeout instead of the long one large uploads need.
 */
public final class ProviderProbe {
    /** Enough of an error body for the provider's message; the rest is not read. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

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

    private final HttpClient client;
    private final Duration timeout;
    private final Pacing pacing;

    /**
     * @param pacing  a probe is a request like any other: it waits for the account's pace and is read by it
     * @param network the trust store and proxies uploads use, so the probe reaches what uploads reach
     */
    public ProviderProbe(Duration timeout, Pacing pacing, Network network) {
        this.timeout = timeout;
        this.pacing = pacing;
        this.client = network.applyTo(HttpClient.newBuilder())
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public Result probe(Provider p) {
        String url = p.probeUrl();
        HttpRequest.Builder rb;
        try {
            rb = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
                    .header("Accept", "application/json");
        } catch (IllegalArgumentException e) {
            return Result.down(true, p.who() + ": " + url + " is not a usable URL; check filegate.providers."
                    + p.name() + ".base-url");
        }
        p.authHeaders().forEach(rb::header);
        String where = "GET " + url.split("\\?")[0];
        HttpResponse<InputStream> response = null;
        Pacer.Permit permit = null;
        try {
            permit = pacing.pacer(p).isPresent() ? pacing.pacer(p).get().acquire(0) : null;
            response = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.io.InterruptedIOException e) {
            return Result.down(false, p.who() + ": probe interrupted");
        } catch (HttpConnectTimeoutException e) {
            return Result.down(true, p.who() + " did not accept a connection within " + timeout.toMillis()
                    + " ms (" + where + "); check filegate.providers." + p.name() + ".base-url and the network");
        } catch (HttpTimeoutException e) {
            return Result.down(false, p.who() + " did not answer within " + timeout.toMillis() + " ms (" + where
                    + ")");
        } catch (IOException e) {
            return connectionProblem(p, where, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.down(false, p.who() + ": probe interrupted");
        } finally {
            if (permit != null) {
                HttpResponse<InputStream> answer = response;
                permit.done(answer == null ? -1 : answer.statusCode(),
                        answer == null ? null : name -> answer.headers().firstValue(name).orElse(null));
            }
        }
        int status = response.statusCode();
        String body = readSome(response);
        if (status >= 200 && status < 300) {
            return Result.up(p.who() + " is reachable and accepts the key (" + where + " answered " + status + ")");
        }
        ProviderError err = RetryRules.located(p.profile().parseError(status, p.redact(body),
                response.headers().firstValue("x-request-id").orElse(null)),
                response.headers().firstValue("location").orElse(null));
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

    private static Result connectionProblem(Provider p, String where, IOException e) {
        String fix = "; check filegate.providers." + p.name() + ".base-url and the network";
        for (Throwable t = e; t != null; t = t.getCause()) {
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
        }
        return Result.down(false, p.who() + ": " + where + " failed: " + p.redact(String.valueOf(e.getMessage())));
    }

    private static String readSome(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
