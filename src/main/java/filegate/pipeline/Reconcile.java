package filegate.pipeline;

import filegate.provider.Answers;
import filegate.provider.FileRecord;
import filegate.provider.ProviderProfile;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static filegate.pipeline.Flow.delivery;
import static filegate.pipeline.Flow.item;

/**
 * Step "reconcile": looks for an upload whose answer never arrived (a crash, an ambiguous failure) in the
 * provider's file list, page by page: same name and size, created after our intent, not known already.
 */
final class Reconcile {
    /** Logged as the pipeline, as before the steps had classes of their own (log settings name it). */
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final String LIST_AFTER = "fgListAfter";
    private final Outcomes outcomes;
    /** How much earlier than our intent a provider's clock may date the same upload. */
    private final long clockSkewMs;

    Reconcile(Outcomes outcomes, long clockSkewMs) {
        this.outcomes = outcomes;
        this.clockSkewMs = clockSkewMs;
    }

    void start(Exchange exchange) {
        Delivery d = delivery(exchange);
        exchange.removeProperty(LIST_AFTER);
        if (d.provider().listUrl(d.purpose(), null) == null) {
            d.reconcileSkipped("unsupported: " + d.provider().name() + " has no file list, so the upload was"
                    + " repeated without checking whether the interrupted one arrived");
            LOG.warn("{} -> {}: {}", item(exchange).source(), d.provider().name(), d.reconcileNote());
        }
    }

    void listRequest(Exchange exchange) {
        Delivery d = delivery(exchange);
        Message msg = exchange.getMessage();
        msg.setBody(null);
        msg.setHeader(Exchange.HTTP_URI, d.provider().listUrl(d.purpose(), exchange.getProperty(LIST_AFTER, String.class)));
        msg.setHeader(Exchange.HTTP_METHOD, HttpMethods.GET);
    }

    void readPage(Exchange exchange) {
        Item item = item(exchange);
        Delivery d = delivery(exchange);
        ProviderCall answer = ProviderCall.answer(d.provider(), exchange.getMessage(), Answers.LIST_PAGE_CAP);
        int status = answer.status();
        String body = answer.body();
        if (!answer.ok()) {
            if (status == 429 || status >= 500) {
                // retried as the attempt it belongs to, with the backoff (not the wait) of the shared policy
                throw answer.retry("the provider's file list is unavailable", -1, 0);
            }
            d.reconcileSkipped("failed: the file list answered " + answer.error()
                    + "; the upload was repeated without checking");
            LOG.warn("{} -> {}: {}", item.source(), d.provider().name(), d.reconcileNote());
            return;
        }
        ProviderProfile.ListPage page = d.provider().profile().parseList(body);
        long notBefore = d.intentEpochMillis() - clockSkewMs;
        boolean olderSeen = false;
        for (FileRecord f : page.files()) {
            long created = f.createdAt() == null ? Long.MAX_VALUE : f.createdAt() * 1000;
            if (created < notBefore) {
                olderSeen = true;
                continue;
            }
            if (item.filename().equals(f.filename()) && f.bytes() != null && f.bytes() == item.bytes()
                    && (f.purpose() == null || f.purpose().equals(d.purpose()))
                    && !outcomes.manifest().index().knownFileId(f.id())) {
                d.reconciled(f);
                LOG.info("{} -> {}: found {} at the provider; it arrived before the interruption, not sending again",
                        item.source(), d.provider().name(), f.id());
                return;
            }
        }
        // newest first: once older files show up, ours cannot be further down
        if (page.hasMore() && page.lastId() != null && !(olderSeen && d.provider().profile().listPaged)) {
            exchange.setProperty(LIST_AFTER, page.lastId());
        } else {
            d.reconcileDone();
        }
    }
}
