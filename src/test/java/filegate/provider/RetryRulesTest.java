package filegate.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class RetryRulesTest {
    private static RetryRules.Header headers(String... kv) {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m::get;
    }

    private static final ProviderError PLAIN = new ProviderError(0, "x", null, null, null, null);

    @Test
    void retries_what_the_sdks_retry_and_nothing_else() {
        for (int s : new int[] {408, 409, 429, 500, 502, 503, 504}) {
            assertTrue(RetryRules.retryable(s, PLAIN, headers()), "status " + s);
        }
        for (int s : new int[] {400, 401, 403, 404, 413, 422}) {
            assertFalse(RetryRules.retryable(s, PLAIN, headers()), "status " + s);
        }
    }

    @Test
    void x_should_retry_wins_and_insufficient_quota_never_retries() {
        assertTrue(RetryRules.retryable(400, PLAIN, headers("x-should-retry", "true")));
        assertFalse(RetryRules.retryable(503, PLAIN, headers("X-Should-Retry", "false")));
        assertFalse(RetryRules.retryable(429, new ProviderError(429, "quota", "insufficient_quota", "insufficient_quota",
                null, null), headers()));
    }

    @Test
    void retry_after_in_ms_seconds_or_http_date() {
        assertEquals(1500, RetryRules.retryAfterMs(headers("retry-after-ms", "1500", "Retry-After", "9")));
        assertEquals(2000, RetryRules.retryAfterMs(headers("Retry-After", "2")));
        assertEquals(-1, RetryRules.retryAfterMs(headers()));
        assertEquals(-1, RetryRules.retryAfterMs(headers("Retry-After", "soon")));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        long ms = RetryRules.retryAfterMs(headers("Retry-After", date));
        assertTrue(ms > 25_000 && ms <= 30_000, "HTTP date 30 s ahead gave " + ms);
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusSeconds(30));
        assertEquals(0, RetryRules.retryAfterMs(headers("Retry-After", past)));
    }

    @org.junit.jupiter.api.Test
    void rate_limit_reset_durations_read_as_openai_writes_them() {
        org.junit.jupiter.api.Assertions.assertEquals(20, RetryRules.duration("20ms"));
        org.junit.jupiter.api.Assertions.assertEquals(1500, RetryRules.duration("1.5s"));
        org.junit.jupiter.api.Assertions.assertEquals(360_000, RetryRules.duration("6m0s"));
        org.junit.jupiter.api.Assertions.assertEquals(3_723_000, RetryRules.duration("1h2m3s"));
        org.junit.jupiter.api.Assertions.assertEquals(-1, RetryRules.duration("soon"));
        org.junit.jupiter.api.Assertions.assertEquals(-1, RetryRules.duration(null));
        org.junit.jupiter.api.Assertions.assertEquals(2000, RetryRules.rateLimitResetMs(name ->
                name.equals("x-ratelimit-reset-requests") ? "1s" : name.equals("x-ratelimit-reset-tokens") ? "2s" : null));
    }
}
