package filegate.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import filegate.support.EndToEnd;
import filegate.support.FakeProvider.Request;
import filegate.support.FakeProvider.Response;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;

/**
 * What reaches the provider on the wire ({@link ProviderHeaders}): only the credentials header and what
 * the HTTP client adds itself, never a header of ours, of the source, or of an earlier answer, while
 * the answers' own headers (Retry-After) are still read.
 */
class ProviderHeadersTest extends EndToEnd {
    /** What the HTTP client itself puts on a request, besides the credentials. */
    private static final Set<String> CLIENT_HEADERS = Set.of("host", "content-type", "content-length",
            "transfer-encoding", "connection", "user-agent", "accept-encoding", "expect");

    @Test
    void the_filter_lets_out_only_credentials_and_lets_in_every_answer_header_but_camels() throws Exception {
        ProviderHeaders f = new ProviderHeaders(Set.of("Authorization", "x-api-key"));
        try (org.apache.camel.CamelContext ctx = new org.apache.camel.impl.DefaultCamelContext()) {
            org.apache.camel.Exchange ex = new org.apache.camel.support.DefaultExchange(ctx);
            // false = sent / taken in
            assertEquals(false, f.applyFilterToCamelHeaders("authorization", "Bearer k", ex));
            assertEquals(false, f.applyFilterToCamelHeaders("X-Api-Key", "k", ex));
            for (String internal : List.of("Retry-After", "x-ratelimit-reset-requests", "fgDelivery", "Content-Type",
                    "Content-Length", "CamelHttpUri", "CamelRedeliveryCounter", "breadcrumbId", "Host")) {
                assertEquals(true, f.applyFilterToCamelHeaders(internal, "1", ex), internal + " must not be sent");
            }
            for (String answer : List.of("Retry-After", "retry-after-ms", "x-ratelimit-remaining-requests",
                    "x-request-id", "Location")) {
                assertEquals(false, f.applyFilterToExternalHeaders(answer, "1", ex), answer + " must be read");
            }
            assertEquals(true, f.applyFilterToExternalHeaders("CamelRedeliveryDelay", "99999", ex),
                    "an answer must not steer Camel's redelivery");
        }
    }

    @Test
    void retries_reconciliation_and_verify_send_only_the_credentials_and_still_read_retry_after() throws Exception {
        AtomicInteger posts = new AtomicInteger();
        // every answer carries headers a careless client would send back on its next request
        provider.answer(r -> {
            Response stale = switch (r.method().equals("POST") ? posts.incrementAndGet() : 0) {
                case 1 -> Response.json(429, "{\"error\":{\"message\":\"Rate limit reached\"}}")
                        .withHeader("Retry-After", "2").withHeader("x-ratelimit-reset-requests", "2s");
                // ambiguous: the next attempt asks the file list first
                case 2 -> Response.json(500, "{\"error\":{\"message\":\"boom\"}}").withHeader("Retry-After", "0");
                default -> provider.openAiFile(r).withHeader("x-ratelimit-remaining-requests", "7");
            };
            return stale.withHeader("X-Answer-Only", "stale").withHeader("Set-Cookie", "s=1");
        });
        h.set("filegate.retry.initial-delay-ms", "10");
        h.set("filegate.retry.max-delay-ms", "10");
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));
        assertEquals(0, h.sync());

        List<Request> uploads = provider.uploads();
        assertEquals(3, uploads.size());
        // the 429's Retry-After (2 s) was read from its answer: the backoff alone is 10 ms
        assertTrue(uploads.get(1).receivedAtMillis() - uploads.get(0).receivedAtMillis() >= 2000,
                "Retry-After of the 429 was not honoured");
        assertTrue(provider.requests().stream().anyMatch(r -> r.method().equals("GET")), "no file list asked");

        // the same bytes again, verified at the provider: GET /files/{id} goes out the same way
        h.set("filegate.dedup", "verify");
        h.drop("fine-tune/b.jsonl", Harness.chat("a"));
        assertEquals(0, h.sync());
        assertTrue(provider.requests().stream().anyMatch(r -> r.method().equals("GET")
                && r.path().matches(".*/files/[^/]+")), "no verify call");

        for (Request r : provider.requests()) {
            assertEquals("Bearer " + Harness.KEY, r.header("Authorization"), r.method() + " " + r.path());
            for (String name : r.headers().keySet()) {
                String n = name.toLowerCase(Locale.ROOT);
                assertTrue(n.equals("authorization") || CLIENT_HEADERS.contains(n),
                        r.method() + " " + r.path() + " carried header " + name + ": " + r.headers().get(name));
            }
        }
    }
}
