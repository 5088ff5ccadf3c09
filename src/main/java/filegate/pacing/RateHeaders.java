package filegate.pacing;

import filegate.provider.RetryRules;

/**
 * What one answer said about the provider's limits, from the headers OpenAI documents (and Groq,
 * Together, Azure OpenAI and most OpenAI-compatible servers send): {@code x-ratelimit-limit-requests}
 * (requests per minute), {@code x-ratelimit-remaining-requests}, {@code x-ratelimit-reset-requests}
 * ({@code 1s}, {@code 6m0s}, {@code 20ms}, or plain seconds), the {@code -tokens} variants, and
 * {@code retry-after-ms} / {@code Retry-After}. A value that is missing or unreadable is -1.
 *
 * @param limitRequests     requests per minute the provider allows
 * @param remainingRequests requests left before the limit bites
 * @param resetRequestsMs   until the request limit is back to full
 * @param remainingTokens   tokens left (the Files API spends none per request, but the account may be drained)
 * @param resetTokensMs     until the token limit is back to full
 * @param retryAfterMs      how long a 429 asked to wait
 */
record RateHeaders(long limitRequests, long remainingRequests, long resetRequestsMs, long remainingTokens,
                   long resetTokensMs, long retryAfterMs) {

    static RateHeaders read(RetryRules.Header h) {
        return new RateHeaders(count(h.get("x-ratelimit-limit-requests")),
                count(h.get("x-ratelimit-remaining-requests")),
                duration(h.get("x-ratelimit-reset-requests")),
                count(h.get("x-ratelimit-remaining-tokens")),
                duration(h.get("x-ratelimit-reset-tokens")),
                RetryRules.retryAfterMs(h));
    }

    boolean saysAnything() {
        return limitRequests >= 0 || remainingRequests >= 0 || remainingTokens >= 0 || retryAfterMs >= 0;
    }

    /**
     * How long a 429 asks to wait: Retry-After, else when the limits reset (the larger, as the pipeline's
     * own wait reads them); -1 if unsaid.
     */
    long waitMs() {
        return retryAfterMs >= 0 ? retryAfterMs : Math.max(resetRequestsMs, resetTokensMs);
    }

    private static long count(String v) {
        if (v == null || v.isBlank()) {
            return -1;
        }
        try {
            return Math.max(0, (long) Double.parseDouble(v.trim()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** OpenAI's {@code 1m30.5s} / {@code 250ms}, or a plain number of seconds as some servers send. */
    private static long duration(String v) {
        if (v == null || v.isBlank()) {
            return -1;
        }
        long d = RetryRules.duration(v);
        if (d >= 0) {
            return d;
        }
        try {
            return Math.max(0, (long) Math.ceil(Double.parseDouble(v.trim()) * 1000));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
