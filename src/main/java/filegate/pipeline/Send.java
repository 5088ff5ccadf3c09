package filegate.pipeline;

import java.io.IOException;

import filegate.provider.Answers;
import filegate.provider.MultipartBody;
import filegate.provider.RetryRules;
import filegate.provider.UploadTask;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;

import static filegate.pipeline.Flow.delivery;
import static filegate.pipeline.Flow.item;

/**
 * Step "send": one multipart request per attempt, built anew each time (a body streamed from the file
 * cannot be resent), and its answer read into stored, retry (with the wait asked for) or failed.
 */
final class Send {
    private final Prepare prepare;
    private final Progress progress;
    private final RetrySettings retry;

    Send(Prepare prepare, Progress progress, RetrySettings retry) {
        this.prepare = prepare;
        this.progress = progress;
        this.retry = retry;
    }

    void request(Exchange exchange) {
        Item item = item(exchange);
        Delivery d = delivery(exchange);
        Message msg = exchange.getMessage();
        prepare.checkStillInside(item);
        UploadTask task = new UploadTask(item.path(), item.filename(), item.bytes(), d.purpose(),
                item.classification().fileType(), d.provider().expiryFor(item.classification().expiresAfterSeconds()));
        MultipartBody body = d.provider().body(task);
        Progress.Transfer transfer = progress.start(item.source() + " -> " + d.provider().name(), item.bytes());
        progress.end(d.transferring(transfer));
        body.onStart(d::bodyStarted).onProgress(transfer::sent);
        msg.setBody(body);
        msg.setHeader(Exchange.HTTP_URI, d.provider().uploadUrl());
        msg.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        d.requestStarting();
    }

    void readAnswer(Exchange exchange) {
        Delivery d = delivery(exchange);
        ProviderCall answer = ProviderCall.answer(d.provider(), exchange.getMessage(), Answers.FILE_OBJECT_CAP);
        progress.end(d.transfer());
        int status = answer.status();
        if (d.provider().isSuccess(status)) {
            d.sent(d.provider().profile().parseRecord(status, answer.body()));
            return;
        }
        String hint = RetryRules.hint(status, answer.error(), d.provider());
        if (answer.retryable()) {
            long wait = answer.waitMs(true);
            if (wait >= 0 && status == 429) {
                RateLimitWaits.booked(d, Math.min(wait, retry.maxRetryAfterMs()));
            }
            throw answer.retry(hint, wait, retry.maxRetryAfterMs());
        }
        // a 2xx that is not a success code may still have stored the file
        throw answer.failed(hint, answer.ok());
    }

    /** A file that changed while it was sent is not recorded as uploaded of the bytes validated before. */
    void checkUnchanged(Exchange exchange) throws IOException {
        Item item = item(exchange);
        Delivery d = delivery(exchange);
        if (d.event() != Delivery.Event.UPLOADED || item.origin().readAt() == null) {
            return;
        }
        String change = item.origin().readAt().changeSince(item.path());
        if (change != null) {
            d.changed("the file changed while it was being sent (" + change + "): " + d.provider().name() + " holds "
                    + d.record().id() + " with bytes that were not validated, so it is not counted as uploaded;"
                    + " the file stays and is sent again as a new version once it is still (delete "
                    + d.record().id() + " at the provider if it is not wanted)");
        }
    }
}
