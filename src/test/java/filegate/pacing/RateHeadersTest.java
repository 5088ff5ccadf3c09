package filegate.pacing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The rate headers as providers write them. */
class RateHeadersTest {
    private static RateHeaders read(String... nameValue) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < nameValue.length; i += 2) {
            h.put(nameValue[i], nameValue[i + 1]);
        }
        return RateHeaders.read(h::get);
    }

    @Test
    void openai_durations_and_plain_seconds_are_read() {
        RateHeaders h = read("x-ratelimit-limit-requests", "500", "x-ratelimit-remaining-requests", "499",
                "x-ratelimit-reset-requests", "6m0s", "x-ratelimit-remaining-tokens", "0",
                "x-ratelimit-reset-tokens", "1.5");
        assertEquals(500, h.limitRequests());
        assertEquals(499, h.remainingRequests());
        assertEquals(360_000, h.resetRequestsMs());
        assertEquals(0, h.remainingTokens());
        assertEquals(1500, h.resetTokensMs(), "plain seconds, as some compatible servers send");
        assertEquals(20, read("x-ratelimit-reset-requests", "20ms").resetRequestsMs());
        assertEquals(3_723_000, read("x-ratelimit-reset-requests", "1h2m3s").resetRequestsMs());
    }

    @Test
    void a_429_waits_for_retry_after_first_then_for_the_later_reset() {
        assertEquals(250, read("retry-after-ms", "250", "Retry-After", "1").waitMs());
        assertEquals(2000, read("Retry-After", "2", "x-ratelimit-reset-requests", "9s").waitMs());
        assertEquals(9000, read("x-ratelimit-reset-requests", "9s", "x-ratelimit-reset-tokens", "1s").waitMs());
        assertEquals(-1, read().waitMs());
    }

    @Test
    void missing_or_unreadable_values_say_nothing() {
        RateHeaders h = read("x-ratelimit-limit-requests", "lots", "x-ratelimit-reset-requests", "soon");
        assertEquals(-1, h.limitRequests());
        assertEquals(-1, h.resetRequestsMs());
        assertFalse(h.saysAnything());
    }

    @Test
    void accounts_are_told_apart_by_scheme_host_port_and_path_not_by_spelling() {
        assertEquals("https://api.openai.com:443/v1", Pacing.normalize("HTTPS://API.openai.com/v1/"));
        assertEquals("http://127.0.0.1:80/v1", Pacing.normalize("http://127.0.0.1/v1"));
    }
}
