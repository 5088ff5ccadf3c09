package filegate.support;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import filegate.support.FakeProvider.Request;
import filegate.support.FakeProvider.Response;

/**
 * A provider's rate limit in front of {@link FakeProvider}'s answers, as OpenAI enforces one: so many
 * requests per minute, "quantized" to one second's worth at a time (a bucket of {@code rpm / 60} that
 * refills continuously), with the headers OpenAI sends on every answer
 * ({@code x-ratelimit-limit-requests} per minute, {@code -remaining-requests}, {@code -reset-requests} as
 * {@code 1s} / {@code 250ms}, the time until the bucket is full again) and a 429 with {@code retry-after-ms}
 * and {@code retry-after} when it is empty. Accepted requests are answered after {@code answerMs}.
 */
public final class RateLimitedProvider implements Function<Request, Response> {
    private final Function<Request, Response> inner;
    private final long perMinute;
    private final double capacity;
    private final double perNano;
    private final long answerMs;
    private double tokens;
    private long at = System.nanoTime();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    public RateLimitedProvider(FakeProvider provider, long perMinute, long answerMs) {
        this.inner = provider::openAiFile;
        this.perMinute = perMinute;
        this.capacity = Math.max(1, perMinute / 60.0);
        this.perNano = perMinute / 60e9;
        this.tokens = capacity;
        this.answerMs = answerMs;
    }

    @Override
    public Response apply(Request r) {
        long remaining;
        long resetMs;
        long retryMs = -1;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - at) * perNano);
            at = now;
            if (tokens >= 1) {
                tokens -= 1;
            } else {
                retryMs = (long) Math.ceil((1 - tokens) / perNano / 1e6);
            }
            remaining = (long) Math.floor(tokens);
            resetMs = (long) Math.ceil((capacity - tokens) / perNano / 1e6);
        }
        Response answer;
        if (retryMs >= 0) {
            refused.incrementAndGet();
            answer = Response.json(429, "{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":"
                    + "\"requests\",\"code\":\"rate_limit_exceeded\"}}")
                    .withHeader("retry-after-ms", String.valueOf(retryMs))
                    .withHeader("retry-after", String.valueOf((retryMs + 999) / 1000));
        } else {
            accepted.incrementAndGet();
            try {
                Thread.sleep(answerMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer = inner.apply(r);
        }
        return answer.withHeader("x-ratelimit-limit-requests", String.valueOf(perMinute))
                .withHeader("x-ratelimit-remaining-requests", String.valueOf(remaining))
                .withHeader("x-ratelimit-reset-requests", duration(resetMs));
    }

    /** OpenAI's format: {@code 20ms} under a second, else {@code 1s}, {@code 1.5s}, {@code 1m0s}. */
    static String duration(long ms) {
        if (ms < 1000) {
            return ms + "ms";
        }
        long m = ms / 60_000;
        double s = (ms % 60_000) / 1000.0;
        String secs = s == Math.floor(s) ? String.valueOf((long) s) : String.valueOf(s);
        return (m > 0 ? m + "m" : "") + secs + "s";
    }

    public int accepted() {
        return accepted.get();
    }

    /** 429 answers so far. */
    public int refused() {
        return refused.get();
    }
}
