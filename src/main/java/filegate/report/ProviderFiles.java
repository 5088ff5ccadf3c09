package filegate.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import filegate.lifecycle.ProviderCalls;
import filegate.provider.Answers;
import filegate.provider.FileRecord;
import filegate.provider.Provider;
import filegate.provider.ProviderProfile;

/**
 * A provider's whole file list, as reconciliation reads it ({@link Provider#listUrl}): OpenAI's pages one
 * purpose at a time, following {@code has_more} / {@code last_id} with {@code after}; a list without paging
 * (Together) in one answer, filtered here. A 429, 5xx or network error is asked again (the wait the provider
 * names, else a doubling pause), up to {@code attempts} times per page.
 */
final class ProviderFiles {
    private final ProviderCalls calls;
    private final int attempts;
    private final long firstDelayMs;

    ProviderFiles(ProviderCalls calls, int attempts, long firstDelayMs) {
        this.calls = calls;
        this.attempts = attempts;
        this.firstDelayMs = firstDelayMs;
    }

    /** Every file of these purposes (the provider's spelling), by id; throws when the list cannot be read. */
    Map<String, FileRecord> list(Provider p, Set<String> purposes) throws InterruptedException {
        Map<String, FileRecord> files = new LinkedHashMap<>();
        if (p.listUrl("", null) == null) {
            throw new IllegalStateException(p.who() + " has no file list to compare with");
        }
        List<String> asked = p.profile().listPaged ? new ArrayList<>(purposes) : java.util.Collections.singletonList(null);
        for (String purpose : asked) {
            String after = null;
            while (true) {
                ProviderProfile.ListPage page = p.profile().parseList(page(p, p.listUrl(purpose == null ? "" : purpose,
                        after)));
                for (FileRecord f : page.files()) {
                    if (purpose != null || f.purpose() == null || purposes.contains(f.purpose())) {
                        files.putIfAbsent(f.id(), f);
                    }
                }
                if (!p.profile().listPaged || !page.hasMore() || page.lastId() == null
                        || page.lastId().equals(after)) {
                    break;
                }
                after = page.lastId();
            }
        }
        return files;
    }

    private String page(Provider p, String url) throws InterruptedException {
        long delay = firstDelayMs;
        for (int attempt = 1; ; attempt++) {
            ProviderCalls.Answer a = calls.get(p, url, Answers.LIST_PAGE_CAP);
            if (a.ok()) {
                return a.body();
            }
            if (!a.transientFailure() || attempt >= attempts) {
                throw new IllegalStateException(p.who() + "'s file list answered " + (a.status() == 0 ? ""
                        : a.status() + " ") + a.failure() + " (" + url.split("\\?")[0] + ", attempt " + attempt + ")");
            }
            Thread.sleep(a.retryAfterMs() >= 0 ? a.retryAfterMs() : delay);
            delay *= 2;
        }
    }
}
