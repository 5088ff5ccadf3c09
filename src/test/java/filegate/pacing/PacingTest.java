package filegate.pacing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import filegate.support.EndToEnd;
import filegate.support.FakeProvider;
import filegate.support.FakeProvider.Response;
import filegate.support.Harness;
import filegate.support.RateLimitedProvider;
import org.junit.jupiter.api.Test;

/**
 * Pacing against a real local server that enforces a rate limit the way OpenAI does (rate headers on every
 * answer, 429 with retry-after when the limit bites). The benchmark (bench/pacing.sh) runs the large
 * version; here only outcomes and the share of 429s are asserted, never the wall time.
 */
class PacingTest extends EndToEnd {
    @Test
    void two_hundred_files_at_600_a_minute_see_few_429s_and_none_fails() {
        RateLimitedProvider limited = new RateLimitedProvider(provider, 600, 50);
        provider.answer(limited);
        h.set("filegate.parallel-files", "8");
        for (int i = 0; i < 200; i++) {
            h.drop("fine-tune/f" + i + ".jsonl", Harness.chat("f" + i));
        }

        assertEquals(0, h.sync());

        assertEquals(200, h.manifestLines("uploaded").size());
        assertEquals(0, h.manifestLines("failed").size());
        int requests = limited.accepted() + limited.refused();
        assertTrue(limited.refused() <= requests * 0.05, limited.refused() + " of " + requests + " requests were"
                + " answered 429; at most 5 % may be");
    }

    @Test
    void max_in_flight_caps_the_requests_open_at_once_whatever_parallel_files_says() {
        FakeProvider.Concurrency requests = provider.answerHeld(r -> true, r -> Thread.sleep(30));
        h.set("filegate.parallel-files", "6").set("filegate.providers.openai.max-in-flight", "2");
        for (int i = 0; i < 12; i++) {
            h.drop("fine-tune/f" + i + ".jsonl", Harness.chat("f" + i));
        }

        assertEquals(0, h.sync());

        assertEquals(12, h.manifestLines("uploaded").size());
        assertEquals(2, requests.most(), "requests open at the provider at the same time");
    }

    @Test
    void instances_with_the_same_key_and_base_url_share_one_pace_learnt_from_the_first_answer() {
        // 120 requests a minute: one every 500 ms, for both instances together
        provider.answer(r -> provider.openAiFile(r).withHeader("x-ratelimit-limit-requests", "120")
                .withHeader("x-ratelimit-remaining-requests", "100").withHeader("x-ratelimit-reset-requests", "1s"));
        h.set("filegate.providers.second.type", "openai")
                .set("filegate.providers.second.base-url", provider.baseUrl())
                .set("filegate.providers.second.api-key", Harness.KEY)
                .set("filegate.provider", "openai,second")
                .set("filegate.parallel-files", "4");
        for (int i = 0; i < 3; i++) {
            h.drop("fine-tune/f" + i + ".jsonl", Harness.chat("f" + i));
        }

        assertEquals(0, h.sync());

        assertEquals(6, h.manifestLines("uploaded").size(), "each file to both instances");
        List<Long> at = provider.uploads().stream().map(r -> r.receivedAtMillis()).sorted().toList();
        // the first request goes alone and its answer tells the pace; from the second on, one per 500 ms
        // slots are booked one after another, so a request that reaches the server late (a loaded machine)
        // shortens the gap after it: what cannot shrink is the span of the bookings. A lower bound only (waiting
        // is never shorter than asked), with a fifth left for lateness
        long span = at.get(at.size() - 1) - at.get(1);
        assertTrue(span >= (at.size() - 2) * 500 * 0.8, "requests 2 to " + at.size() + " came within " + span
                + " ms, though both instances share the account's 120 a minute: " + at);
    }

    @Test
    void bytes_per_minute_lets_a_request_go_at_once_and_makes_the_next_wait_for_its_bytes() {
        h.set("filegate.parallel-files", "4").set("filegate.providers.openai.bytes-per-minute", "120000");
        for (int i = 0; i < 4; i++) {
            h.drop("fine-tune/f" + i + ".jsonl", Harness.chat("f" + i));
        }

        assertEquals(0, h.sync());

        List<FakeProvider.Request> sent = provider.uploads().stream()
                .sorted(java.util.Comparator.comparingLong(FakeProvider.Request::receivedAtMillis)).toList();
        assertEquals(4, sent.size());
        // 120,000 bytes a minute = 2 bytes a millisecond: each request books body / 2 ms of the budget. The
        // pacer books slots one after another, so one request that reaches the server late (a loaded machine)
        // shortens the gap after it; what cannot shrink is the span the bookings add up to. A lower bound only
        // (waiting is never shorter than asked), with a fifth left for the first request's own lateness
        long owed = 0;
        for (int i = 0; i < sent.size() - 1; i++) {
            owed += sent.get(i).body().length / 2;
        }
        long span = sent.get(sent.size() - 1).receivedAtMillis() - sent.get(0).receivedAtMillis();
        assertTrue(span >= owed * 0.8, "4 requests came within " + span + " ms, though the first three's bytes use "
                + owed + " ms of 120,000 bytes a minute");
    }

    @Test
    void a_429_pauses_every_request_to_that_account_not_only_the_one_refused() {
        AtomicInteger posts = new AtomicInteger();
        provider.answer(r -> posts.incrementAndGet() == 1
                ? Response.json(429, "{\"error\":{\"message\":\"Rate limit reached\"}}").withHeader("retry-after-ms",
                        "600")
                : provider.openAiFile(r));
        h.set("filegate.parallel-files", "4");
        for (int i = 0; i < 4; i++) {
            h.drop("fine-tune/f" + i + ".jsonl", Harness.chat("f" + i));
        }

        assertEquals(0, h.sync());

        List<Long> at = provider.uploads().stream().map(r -> r.receivedAtMillis()).sorted().toList();
        assertEquals(5, at.size(), "four files, one of them refused once");
        for (int i = 1; i < at.size(); i++) {
            assertTrue(at.get(i) - at.get(0) >= 550, "a request went " + (at.get(i) - at.get(0)) + " ms after the"
                    + " 429 that asked for 600 ms: " + at);
        }
    }
}
