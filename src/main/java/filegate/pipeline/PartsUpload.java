package filegate.pipeline;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import filegate.manifest.ManifestException;
import filegate.manifest.ManifestIndex;
import filegate.provider.Answers;
import filegate.provider.Provider;
import filegate.provider.ProviderError;
import filegate.provider.Providers;
import filegate.provider.RetryRules;
import filegate.provider.RetryableUploadException;
import filegate.provider.UploadException;
import filegate.provider.UploadsApi;
import filegate.pipeline.PartsState.Call;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpMethods;
import org.apache.hc.core5.http.HttpEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static filegate.pipeline.Flow.delivery;
import static filegate.pipeline.Flow.item;

/**
 * A file too large for one request, sent through the provider's Uploads API: create an upload (or pick
 * up the one an interrupted run left, or cancel it once it is about to expire), send the missing parts
 * several at a time, each read straight from the file at its offset, then complete it with the part ids
 * in order and the file's md5. Every upload and every confirmed part is journaled in the manifest, so a
 * run after a crash sends only what is missing.
 * <p>
 * Each request is retried on its own (429, 5xx, network errors; Retry-After honoured), so one flaky part
 * does not resend the others. Retries that run out fail the file without ambiguity: no file exists at
 * the provider before {@code complete}. {@code complete} alone is retried by {@code direct:deliver},
 * because its answer may be lost after the file was made: the provider's file list is then checked
 * before anything is sent again, exactly as for a single-request upload.
 */
public final class PartsUpload extends RouteBuilder {
    static final String ENTRY = Flow.UPLOAD_PARTS;
    private static final Logger LOG = LoggerFactory.getLogger(PartsUpload.class);
    private static final String STATE = "fgParts";
    private static final String CALL = "fgPartsCall";
    private static final String PART = "fgPart";
    private static final String STASHED = "fgPartsStashedRetry";
    private static final String PARTS_ROUTE = "fgPartsRoute";
    /**
     * An upload with less time left than this is not resumed but cancelled and started over: its missing
     * parts might not all arrive before it expires.
     */
    static final long RESUME_MARGIN_MS = 5 * 60_000;
    /** Headers an enclosing error handler counts its own retries in, which must not leak into ours. */
    private static final List<String> RETRY_HEADERS = List.of(Exchange.REDELIVERY_COUNTER, Exchange.REDELIVERED,
            Exchange.REDELIVERY_MAX_COUNTER, Exchange.REDELIVERY_DELAY);

    private final Providers providers;
    private final Outcomes outcomes;
    private final RetrySettings retry;
    private final Progress progress;
    /** Provider name → the route sending its parts, each with a pool as large as its parts-in-flight. */
    private final Map<String, String> partsRoutes = new HashMap<>();

    public PartsUpload(Providers providers, Outcomes outcomes, RetrySettings retry, Progress progress) {
        this.providers = providers;
        this.outcomes = outcomes;
        this.retry = retry;
        this.progress = progress;
    }

    @Override
    public void configure() {
        from(ENTRY).routeId("upload-parts")
                .errorHandler(noErrorHandler())
                .process(this::begin)
                .doTry()
                    .to("direct:upload-parts-before-complete")
                .doCatch(Exception.class)
                    .process(this::partsFailed)
                .end()
                // not retried here: a lost answer is settled by direct:deliver from the provider's file list
                .setProperty(CALL, constant(Call.COMPLETE))
                .to("direct:uploads-send");

        from("direct:upload-parts-before-complete").routeId("upload-parts-before-complete")
                .errorHandler(noErrorHandler())
                .filter(exchange -> state(exchange).cancelId != null)
                    .setProperty(CALL, constant(Call.CANCEL))
                    .to("direct:uploads-call")
                .end()
                .filter(exchange -> state(exchange).uploadId == null)
                    .setProperty(CALL, constant(Call.CREATE))
                    .to("direct:uploads-call")
                .end()
                .setBody(exchange -> state(exchange).missing())
                .toD("${exchangeProperty." + PARTS_ROUTE + "}");

        int i = 0;
        for (String name : providers.names()) {
            Provider p = providers.get(name);
            if (p.uploads() == null) {
                continue;
            }
            String route = "direct:upload-parts-" + i++;
            partsRoutes.put(name, route);
            ExecutorService pool = getContext().getExecutorServiceManager()
                    .newFixedThreadPool(this, "filegate-parts-" + name, p.uploads().partsInFlight());
            from(route).routeId("upload-parts-" + name)
                    .errorHandler(noErrorHandler())
                    .split(body()).parallelProcessing().executorService(pool).stopOnException()
                        .setProperty(PART, body())
                        .setProperty(CALL, constant(Call.PART))
                        .to("direct:uploads-call")
                    .end();
        }

        // every call but complete: its own retries, counted from zero even inside a retry of direct:deliver
        from("direct:uploads-call").routeId("uploads-call")
                .errorHandler(noErrorHandler())
                .process(this::stashRetryHeaders)
                .doTry()
                    .to("direct:uploads-retried")
                .doFinally()
                    .process(this::restoreRetryHeaders)
                .end();

        // its own handling, not ErrorHandling.DELIVERY: a call's retries count from zero, no wait budget, and
        // when they run out the failure is rethrown to upload-parts (partsFailed), not recorded as the file's
        from("direct:uploads-retried").routeId("uploads-retried")
                .onException(RetryableUploadException.class, IOException.class)
                    .redeliveryPolicyRef(Flow.RETRY_POLICY)
                    .onRedelivery(this::beforeRetry)
                .end()
                .onException(Exception.class).logExhausted(false).end()
                // one node, redelivered as a whole, so each attempt builds a fresh request
                .to("direct:uploads-send");

        from("direct:uploads-send").routeId("uploads-send")
                .errorHandler(noErrorHandler())
                .process(this::buildCall)
                .to(ProviderHttp.ENTRY)
                .process(this::readCall);
    }

    private static PartsState state(Exchange exchange) {
        return exchange.getProperty(STATE, PartsState.class);
    }

    /** Resume the upload an earlier run left, cancel it if it is about to expire, or start afresh. */
    private void begin(Exchange exchange) {
        Item item = item(exchange);
        Delivery d = delivery(exchange);
        Provider p = d.provider();
        PartsState s = new PartsState();
        s.partBytes = p.uploads().partBytes();
        ManifestIndex.OpenUpload open = outcomes.manifest().index()
                .openUpload(p.name(), item.classification().purpose(), item.sha256()).orElse(null);
        if (open != null) {
            long leftMs = open.expiresAt() * 1000 - System.currentTimeMillis();
            if (leftMs > RESUME_MARGIN_MS && open.bytes() == item.bytes()) {
                s.uploadId = open.uploadId();
                s.partBytes = open.partBytes();
                s.partIds.putAll(open.parts());
                d.partsUploadIs(s.uploadId);
                LOG.info("{} -> {}: resuming upload {} ({} of {} parts already there, open until {})", item.source(),
                        p.name(), s.uploadId, s.partIds.size(), s.partCount(item), Instant.ofEpochSecond(
                                open.expiresAt()));
            } else {
                s.cancelId = open.uploadId();
                LOG.info("{} -> {}: upload {} of an earlier run {} {}; cancelling it and starting over",
                        item.source(), p.name(), open.uploadId(), leftMs > 0 ? "expires too soon to finish, at"
                                : "expired at", Instant.ofEpochSecond(open.expiresAt()));
            }
        }
        s.parts = s.partCount(item);
        d.partsPlanned(s.parts, s.partIds.size());
        // one progress line for the whole file, all parts together (Pipeline ends it on failure or retry)
        Progress.Transfer transfer = progress.start(item.source() + " -> " + p.name() + " (" + s.parts + " parts)",
                item.bytes());
        progress.end(d.transferring(transfer));
        long done = 0;
        for (int n : s.partIds.keySet()) {
            done += s.partLength(item, n);
        }
        transfer.resumed(done);
        exchange.setProperty(STATE, s);
        exchange.setProperty(PARTS_ROUTE, partsRoutes.get(p.name()));
    }

    private void stashRetryHeaders(Exchange exchange) {
        Message msg = exchange.getMessage();
        Map<String, Object> stashed = new HashMap<>();
        for (String h : RETRY_HEADERS) {
            Object v = msg.removeHeader(h);
            if (v != null) {
                stashed.put(h, v);
            }
        }
        exchange.setProperty(STASHED, stashed);
    }

    @SuppressWarnings("unchecked")
    private void restoreRetryHeaders(Exchange exchange) {
        Message msg = exchange.getMessage();
        RETRY_HEADERS.forEach(msg::removeHeader);
        Map<String, Object> stashed = exchange.removeProperty(STASHED) instanceof Map<?, ?> m
                ? (Map<String, Object>) m : Map.of();
        stashed.forEach(msg::setHeader);
    }

    private void buildCall(Exchange exchange) {
        Item item = item(exchange);
        Delivery d = delivery(exchange);
        PartsState s = state(exchange);
        Provider p = d.provider();
        Message msg = exchange.getMessage();
        // a Retry-After wish of an earlier answer is spent (the rest of it: ProviderHttp)
        msg.removeHeader(Exchange.REDELIVERY_DELAY);
        Call call = exchange.getProperty(CALL, Call.class);
        String url;
        HttpEntity body;
        switch (call) {
            case CANCEL -> {
                url = p.uploadsUrl("/" + UploadsApi.segment(s.cancelId) + "/cancel");
                body = null;
            }
            case CREATE -> {
                url = p.uploadsUrl("");
                body = UploadsApi.create(item.filename(), d.purpose(), item.bytes(),
                        UploadsApi.mimeType(item.classification().fileType()),
                        p.expiryFor(item.classification().expiresAfterSeconds()));
            }
            case PART -> {
                int n = exchange.getProperty(PART, Integer.class);
                long offset = (n - 1) * s.partBytes;
                url = p.uploadsUrl("/" + UploadsApi.segment(s.uploadId) + "/parts");
                Progress.Transfer transfer = d.transfer();
                body = UploadsApi.part(item.path(), item.filename(), offset, s.partLength(item, n))
                        .onProgress(sent -> transfer.partSent(n, sent));
            }
            case COMPLETE -> {
                List<String> ids = new ArrayList<>();
                for (int n = 1; n <= s.parts; n++) {
                    ids.add(s.partIds.get(n));
                }
                url = p.uploadsUrl("/" + UploadsApi.segment(s.uploadId) + "/complete");
                body = UploadsApi.complete(ids, item.md5());
            }
            default -> throw new IllegalStateException(String.valueOf(call));
        }
        msg.setBody(body);
        msg.setHeader(Exchange.HTTP_URI, url);
        msg.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        d.partsRequestStarting();
    }

    private void readCall(Exchange exchange) {
        Item item = item(exchange);
        Delivery d = delivery(exchange);
        PartsState s = state(exchange);
        Provider p = d.provider();
        Message msg = exchange.getMessage();
        Call call = exchange.getProperty(CALL, Call.class);
        ProviderCall answer = ProviderCall.answer(p, msg, Answers.FILE_OBJECT_CAP);
        int status = answer.status();
        String body = answer.body();
        if (answer.ok()) {
            switch (call) {
                case CANCEL -> cancelled(item, d, s, "cancelled: it expired, or was about to, before it was"
                        + " completed");
                case CREATE -> {
                    UploadsApi.Upload u = UploadsApi.parseUpload(p.profile(), status, body);
                    s.uploadId = u.id();
                    d.partsUploadIs(u.id());
                    outcomes.uploadCreated(item, d, u.id(), u.expiresAt(), s.partBytes, s.parts);
                }
                case PART -> {
                    int n = exchange.getProperty(PART, Integer.class);
                    String partId = UploadsApi.parsePartId(status, body);
                    s.partIds.put(n, partId);
                    outcomes.partUploaded(item, d, s.uploadId, n, partId);
                }
                case COMPLETE -> {
                    UploadsApi.Upload u = UploadsApi.parseUpload(p.profile(), status, body);
                    if (u.file() == null) {
                        throw new UploadException(new ProviderError(status, "upload " + s.uploadId + " answered "
                                + "status '" + u.status() + "' without a file", null, "no_file", null,
                                msg.getHeader("x-request-id", String.class)),
                                "the provider did not say which file it made; check its file list before retrying");
                    }
                    d.partsCompleted(u.file());
                    progress.end(d.transfer());
                }
                default -> throw new IllegalStateException(String.valueOf(call));
            }
            return;
        }
        ProviderError err = answer.error();
        boolean retryable = answer.retryable();
        if (call == Call.CANCEL && !retryable) {
            // the provider already let it go (expired uploads cannot be cancelled): just as good
            cancelled(item, d, s, "expired; the provider answered the cancel with " + err);
            return;
        }
        String hint = (call == Call.PART ? "part " + exchange.getProperty(PART) + " of " + s.parts : call.what())
                + ": " + hint(status, err, p, call);
        if (!retryable && s.uploadId != null) {
            // refused outright: resuming would be refused again, so the next try starts a new upload
            synchronized (s) {
                if (!s.abandoned) {
                    s.abandoned = true;
                    outcomes.uploadAbandoned(item, d, s.uploadId, "the provider refused the " + call.what() + ": "
                            + err);
                }
            }
        }
        if (retryable) {
            throw answer.retry(hint, answer.waitMs(false), retry.maxRetryAfterMs());
        }
        throw answer.failed(hint, false);
    }

    private void cancelled(Item item, Delivery d, PartsState s, String reason) {
        outcomes.uploadAbandoned(item, d, s.cancelId, reason);
        s.cancelId = null;
    }

    private static String hint(int status, ProviderError err, Provider p, Call call) {
        if (status == 404 || status == 405) {
            return "the Uploads API at " + p.uploadsUrl("").split("\\?")[0] + " did not take the " + call.what()
                    + ": check filegate.providers." + p.name() + ".base-url, or set filegate.providers." + p.name()
                    + ".uploads-api = false if this server has no Uploads API";
        }
        return RetryRules.hint(status, err, p);
    }

    private void beforeRetry(Exchange exchange) {
        Delivery d = delivery(exchange);
        Call call = exchange.getProperty(CALL, Call.class);
        Integer part = exchange.getProperty(PART, Integer.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int attempt = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) + 1;
        Long wait = exchange.getMessage().getHeader(Exchange.REDELIVERY_DELAY, Long.class);
        outcomes.retrying(d);
        LOG.warn("retrying the {} of {} to {} (attempt {} of {}{}): {}",
                call == Call.PART ? "part " + part + " of " + state(exchange).parts : call.what(),
                item(exchange).source(), d.provider().name(), attempt, retry.maxAttempts(),
                wait == null ? "" : ", waiting " + wait + " ms as asked",
                d.provider().redact(String.valueOf(cause == null ? "?" : cause.getMessage())));
    }

    /**
     * Retries of a create, cancel or part ran out: the file fails, without ambiguity (there is no file
     * before complete). The upload and its parts stay journaled, so a retry within the hour resumes it.
     */
    private void partsFailed(Exchange exchange) {
        Item item = item(exchange);
        Delivery d = delivery(exchange);
        PartsState s = state(exchange);
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Throwable cause = caught;
        while (cause != null && !(cause instanceof UploadException) && !(cause instanceof ManifestException)
                && !(cause instanceof IOException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ManifestException m) {
            throw m;
        }
        String resumable = s.uploadId == null || s.abandoned ? "" : "; upload " + s.uploadId + " keeps the "
                + s.partIds.size() + " of " + s.parts + " parts that arrived: drop the file again within the hour to"
                + " send only the rest";
        if (cause instanceof UploadException u) {
            String tries = u instanceof RetryableUploadException ? " (gave up after " + retry.maxAttempts()
                    + " attempts)" : "";
            throw new UploadException(u.error(), u.hint() + tries + resumable);
        }
        String message = d.provider().redact(String.valueOf(cause == null ? "unknown error" : cause.getMessage()));
        throw new UploadException(new ProviderError(0, message, cause == null ? "unknown"
                : cause.getClass().getSimpleName(), null, null, null), cause instanceof IOException
                ? "could not talk to " + d.provider().uploadsUrl("").split("\\?")[0] + " after " + retry.maxAttempts()
                  + " attempts; check the network and filegate.providers." + d.provider().name() + ".base-url" + resumable
                : "unexpected error; see the log" + resumable);
    }
}
