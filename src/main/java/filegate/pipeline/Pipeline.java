package filegate.pipeline;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

import filegate.net.TlsProblems;
import filegate.net.TlsWarmUp;
import filegate.manifest.Claim;
import filegate.manifest.ClaimLostException;
import filegate.manifest.ManifestException;
import filegate.provider.Answers;
import filegate.manifest.StoreIndex;
import filegate.provider.FileRecord;
import filegate.provider.MultipartBody;
import filegate.provider.Provider;
import filegate.provider.ProviderError;
import filegate.provider.ProviderProfile;
import filegate.provider.Providers;
import filegate.provider.RetryRules;
import filegate.provider.RetryableUploadException;
import filegate.provider.UploadException;
import filegate.provider.UploadTask;
import filegate.rules.Classification;
import filegate.rules.Rules;
import filegate.source.FileChangedException;
import filegate.source.FileVersion;
import filegate.source.SourceGuard;
import filegate.source.SourcePaths;
import filegate.source.SyncTracker;
import filegate.validate.Prepared;
import filegate.validate.Preparer;
import filegate.validate.ValidationReport;
import filegate.validate.ValidationRequest;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flow of one file, one route per step: {@code direct:ingest} (classify, hash, plan deliveries) →
 * {@code direct:deliver} per provider (dedup, upload with retries, record) → commit (where the source
 * goes).
 * <p>
 * A drop-folder source sends its {@code GenericFile} to {@code direct:ingest} and moves the file to the
 * path left in the exchange property {@value #MOVE_TO}. Any other source (S3) puts a local copy in an
 * {@link Item} under the property {@value Item#PROPERTY} before calling {@code direct:ingest}, then acts
 * on {@link Item#allDelivered()} itself once the call returns. An item that arrives with its
 * {@link Item#classification} set is not classified again.
 */
public final class Pipeline extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    public static final String MOVE_TO = "fgMoveTo";
    static final String DELIVERY = "fgDelivery";
    private static final String LIST_AFTER = "fgListAfter";
    /** Where a drop-folder file waits for the provider's processing verdict (filegate.lifecycle). */
    public static final String HOLD_DIR = ".processing";

    private final Rules rules;
    private final Providers providers;
    private final Outcomes outcomes;
    private final RetrySettings retry;
    private final boolean uploadDuplicates;
    private final boolean verifyDuplicates;
    private DedupCheck dedupCheck;
    private final long clockSkewMs;
    private final int parallelFiles;
    private final int waitingFiles;
    private final Progress progress;
    private ExecutorService committers;
    private SyncTracker tracker;
    private SourceGuard guard;
    /** Content being delivered right now, so that two copies of the same bytes are not both sent. */
    private final ContentGate gate;

    /** How failed attempts are repeated; Retry-After wins over the backoff, up to {@code maxRetryAfterMs}. */
    public record RetrySettings(int maxAttempts, long initialDelayMs, long maxDelayMs, long maxRetryAfterMs,
                                long maxWaitMs) {
        /** The one policy of every provider call; a Retry-After arrives as CamelRedeliveryDelay and wins. */
        RedeliveryPolicy policy() {
            RedeliveryPolicy p = new RedeliveryPolicy();
            p.setMaximumRedeliveries(maxAttempts - 1);
            p.setRedeliveryDelay(initialDelayMs);
            p.setUseExponentialBackOff(true);
            p.setBackOffMultiplier(2);
            p.setMaximumRedeliveryDelay(maxDelayMs);
            p.setUseCollisionAvoidance(true);
            // attempts are logged by the pipeline itself, in words a person can act on
            p.setRetryAttemptedLogLevel(LoggingLevel.OFF);
            p.setLogRetryAttempted(false);
            p.setLogExhausted(false);
            return p;
        }
    }

    /** Registry name of {@link RetrySettings#policy()}, shared by every route that calls a provider. */
    static final String RETRY_POLICY = "filegateRetryPolicy";

    /**
     * @param clockSkewMs   how much earlier than our intent a provider's clock may date the same upload
     * @param parallelFiles files in flight at once
     * @param waitingFiles  files handed over and waiting for an upload thread, at most
     */
    public Pipeline(Rules rules, Providers providers, Outcomes outcomes, RetrySettings retry,
                    boolean uploadDuplicates, boolean verifyDuplicates, long clockSkewMs, int parallelFiles, int waitingFiles,
                    Progress progress) {
        this.clockSkewMs = clockSkewMs;
        this.parallelFiles = parallelFiles;
        this.waitingFiles = waitingFiles;
        this.progress = progress;
        this.rules = rules;
        this.providers = providers;
        this.outcomes = outcomes;
        this.retry = retry;
        this.uploadDuplicates = uploadDuplicates;
        this.verifyDuplicates = verifyDuplicates;
        this.gate = new ContentGate(outcomes.manifest().claims());
    }

    @Override
    public void configure() {
        getContext().getRegistry().bind(RETRY_POLICY, retry.policy());
        // completes exchanges whose outcome lines became durable (camel-file's move runs there)
        committers = getContext().getExecutorServiceManager().newFixedThreadPool(this, "commit", 2);
        tracker = getContext().getRegistry().lookupByNameAndType("syncTracker", SyncTracker.class);
        dedupCheck = new DedupCheck(outcomes, getContext().createProducerTemplate(), verifyDuplicates);
        guard = getContext().getRegistry().lookupByNameAndType("sourceGuard", SourceGuard.class);
        from("direct:ingest").routeId("ingest")
                // a file that changed is left for its next version, said once by commit(): no stack trace
                .onException(FileChangedException.class).handled(false).logExhausted(false).end()
                // said once where it is found (ItemClaims); the file stays for the node that holds it now
                .onException(ClaimLostException.class).handled(false).logExhausted(false).end()
                // sources hand files over one by one; this many are hashed and uploaded at once. When
                // waitingFiles wait already, the source's own thread takes the next one itself (Camel's
                // caller-runs): the drop folder then scans no further until there is room, so the files
                // held in memory stay bounded however many the folder has
                .threads(parallelFiles, parallelFiles).maxQueueSize(waitingFiles).callerRunsWhenRejected(true)
                .threadName("upload")
                .process(this::ingest)
                .setBody(exchange -> item(exchange).deliveries)
                .split(body())
                    .to("direct:deliver")
                .end()
                // a node that lost its claim (stopped longer than its lease) leaves the file to its new holder
                .process(ItemClaims.stillHeld(outcomes.manifest().claims()))
                .process(this::commit)
                // the source moves (or the S3 source commits) when the exchange completes: not before its
                // outcome lines are on disk; the upload thread does not wait for that, it takes the next file
                .process(new AwaitRecorded());

        from("direct:deliver").routeId("deliver")
                // the manifest could not record an outcome: fail the exchange so the source stays put
                .onException(ManifestException.class).handled(false).logExhausted(false)
                    .process(this::notRecorded)
                .end()
                .onException(RetryableUploadException.class, IOException.class)
                    .redeliveryPolicyRef(RETRY_POLICY)
                    // max-attempts counts failures; a 429 that says when to come back only spends the wait budget
                    .retryWhile(exchange -> RateLimitWaits.again(delivery(exchange), retry))
                    .onRedelivery(this::beforeRetry)
                    .handled(true)
                    .process(this::failed)
                .end()
                .onException(Exception.class).handled(true).logExhausted(false).process(this::failed).end()
                .setProperty(DELIVERY, body())
                .process(this::dedup)
                .choice()
                    .when(exchange -> delivery(exchange).event == null && outcomes.dryRun())
                        .process(exchange -> delivery(exchange).event = Delivery.Event.WOULD_UPLOAD)
                    .when(exchange -> delivery(exchange).event == null)
                        // durable before the first byte leaves, so a crash can be settled later
                        .process(exchange -> outcomes.intent(item(exchange), delivery(exchange)))
                        .process(exchange -> outcomes.uploadStarting(delivery(exchange)))
                        .to("direct:upload-attempt")
                        .process(this::checkUnchanged)
                .end()
                .process(exchange -> outcomes.record(item(exchange), delivery(exchange)));

        // build + POST together, with no error handler of their own, so a redelivery from
        // direct:deliver rebuilds the multipart body instead of resending a spent one
        from("direct:upload-attempt").routeId("upload-attempt")
                .errorHandler(noErrorHandler())
                // one attempt = one redelivery of this route, whether it ends in the file list or the upload,
                // so "attempt N of M" in the log and the count in the outcome agree
                .process(exchange -> {
                    Delivery d = delivery(exchange);
                    d.attempts++;
                    d.lastWasWait = false;
                })
                .filter(exchange -> delivery(exchange).reconcileFirst)
                    .to("direct:reconcile")
                .end()
                .filter(exchange -> delivery(exchange).event == null)
                    .choice()
                        // too large for one request: in parts through the Uploads API (PartsUpload)
                        .when(exchange -> delivery(exchange).provider.usesUploadsApi(item(exchange).bytes))
                            .to(PartsUpload.ENTRY)
                        .otherwise()
                            .process(this::buildRequest)
                            .doTry()
                                .to("http://provider?throwExceptionOnFailure=false&followRedirects=false&disableStreamCache=true")
                            .doFinally()
                                .process(this::dropCredentials)
                            .end()
                            .process(this::readResponse)
                    .end()
                .end();

        // looks for an upload whose answer never arrived: same name and size, created after our intent
        from("direct:reconcile").routeId("reconcile")
                .errorHandler(noErrorHandler())
                .process(this::startReconcile)
                .loopDoWhile(exchange -> delivery(exchange).reconcileFirst)
                    .process(this::buildListRequest)
                    .doTry()
                        .to("http://provider-list?throwExceptionOnFailure=false&followRedirects=false&disableStreamCache=true")
                    .doFinally()
                        .process(this::dropCredentials)
                    .end()
                    .process(this::readListPage)
                .end();
    }

    /**
     * Removes every header but Camel's own (case-insensitive, as Camel matches them). Not
     * {@code removeHeaders("*", "Camel*")}: that also tries each header name against "Camel*" as a regular
     * expression, compiling it anew for every header of every request.
     */
    static void keepOnlyCamelHeaders(Message msg) {
        msg.getHeaders().keySet().removeIf(name -> !startsWithIgnoreCase(name, "Camel"));
    }

    private static boolean startsWithIgnoreCase(String name, String prefix) {
        return name.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    static Item item(Exchange exchange) {
        return exchange.getProperty(Item.PROPERTY, Item.class);
    }

    static Delivery delivery(Exchange exchange) {
        return exchange.getProperty(DELIVERY, Delivery.class);
    }

    /** Classify, hash and plan one delivery per target provider; a provider that cannot take it rejects now. */
    private void ingest(Exchange exchange) throws IOException {
        Item item = item(exchange);
        if (item == null) {
            item = fromDropFolder(exchange);
            exchange.setProperty(Item.PROPERTY, item);
            // with a shared store the read lock claimed the file for this node (FileClaims)
            item.claim = exchange.getProperty(Claim.PROPERTY, Claim.class);
            String taken = exchange.getMessage().getBody(GenericFile.class).getAbsoluteFilePath();
            // the file stays where it is when its exchange fails; a one-shot run must not take it again
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onFailure(Exchange failed) {
                    Exception e = failed.getException();
                    if (ItemClaims.lost(e)) {
                        return; // another node has the file now: its outcome is that node's, not this run's
                    }
                    if (e instanceof FileChangedException) {
                        tracker.changed(taken, e.getMessage());
                        return;
                    }
                    tracker.stayed(taken, e == null ? "its processing failed" : String.valueOf(e.getMessage()));
                }
            });
            // camel-file's dozen CamelFile* headers would be copied by the split and weighed by camel-http's
            // header filter on every request; the item has what is needed (the move uses the GenericFile)
            exchange.getMessage().getHeaders().keySet().removeIf(name -> startsWithIgnoreCase(name, "CamelFile"));
        }
        // claimed before it waited in the queue: still this node's? (not after a stop longer than the lease)
        ItemClaims.check(item, outcomes.manifest().claims());
        String rel = item.rel;
        checkStillInside(item);
        if (item.classification == null) {
            // a source may hand over an item it classified itself; only otherwise do the rules decide
            long size = Files.size(item.path);
            item.classification = rules.classify(rel, size).orElseThrow(() -> new IllegalStateException(
                    "no rule matches " + rel + " although the source let it through"));
        }
        Classification c = item.classification;
        long size = Files.size(item.path);
        List<ValidationRequest> checks = new ArrayList<>();
        List<Delivery> checked = new ArrayList<>();
        boolean md5 = false;
        boolean worthReading = false;
        for (String name : c.providers()) {
            Provider p = providers.get(name);
            Delivery d = new Delivery(p, p.providerPurpose(c.purpose()));
            Optional<String> refusal = p.refusal(c.purpose(), c.fileType(), size,
                    p.expiryFor(c.expiresAfterSeconds()));
            if (refusal.isPresent()) {
                d.event = Delivery.Event.REJECTED;
                d.error = Map.of("code", "PROVIDER_REFUSES", "message", refusal.get());
                d.hint = refusal.get() + "; change the naming rule or the target provider";
            } else {
                checks.add(new ValidationRequest(p.profile().type, c.purpose(), c.fileType(), p.maxBytesFor(c.purpose())));
                checked.add(d);
            }
            // a file too large for every target is refused unread: hashing gigabytes to say no helps no one
            worthReading |= refusal.isEmpty() || size <= p.maxBytesFor(c.purpose());
            md5 |= refusal.isEmpty() && p.usesUploadsApi(size);
            item.deliveries.add(d);
        }
        item.bytes = size;
        if (!worthReading) {
            return;
        }
        if (item.root != null) {
            // before the first byte is read: what was validated is what is archived, or nothing is
            item.readAt = FileVersion.of(item.path);
        }
        // a large file for a TLS provider: the JDK's AES-GCM gets compiled while this file is hashed
        TlsWarmUp.ahead(checked.stream().map(d -> d.provider.uploadUrl()), size);
        // one pass over the bytes: size, sha256, what the content really is, and every provider's checks
        long t0 = System.nanoTime();
        // a buffer the size of the file, within 64 KiB..1 MiB: a fresh 1 MiB array per 10 KiB file was most
        // of what small-file runs allocated, and in a small heap each one is a "humongous" G1 allocation
        int buffer = (int) Math.max(64 << 10, Math.min(Preparer.Options.DEFAULT.bufferBytes(), size + 1));
        Prepared prepared = Preparer.prepare(item.path, checks, new Preparer.Options(buffer, true, md5));
        item.prepareMs = (System.nanoTime() - t0) / 1_000_000;
        item.bytes = prepared.bytes();
        item.sha256 = prepared.sha256();
        item.md5 = prepared.md5();
        for (int i = 0; i < checked.size(); i++) {
            ValidationReport report = prepared.reports().get(i);
            if (!report.ok()) {
                Delivery d = checked.get(i);
                d.event = Delivery.Event.REJECTED;
                d.report = report;
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("code", report.problems().isEmpty() ? "INVALID" : report.problems().get(0).code());
                error.put("message", report.summary());
                error.put("counts", report.counts());
                d.error = error;
                // a dry run writes no report: its row lists the first problems instead
                d.hint = "the file does not pass " + d.provider.name() + "'s checks for purpose " + c.purpose()
                        + (outcomes.dryRun() ? ": fix the problems listed and drop it again"
                        : ": fix it (problems with line numbers in " + item.filename() + ".errors.json) and drop it again");
            }
        }
    }

    /**
     * The scan checked links and names; a file swapped for a link since then must not be read now. Checked
     * before the file is first read and before every upload attempt.
     */
    private void checkStillInside(Item item) {
        if (item.root == null || guard == null) {
            return;
        }
        guard.check(item.root.toString(), item.rel, false).ifPresent(r -> {
            throw new IllegalStateException(item.source + " was replaced by " + r.reason() + " after the scan;"
                    + " it is not read and stays where it is");
        });
    }

    @SuppressWarnings("unchecked")
    private static Item fromDropFolder(Exchange exchange) {
        GenericFile<File> gf = exchange.getMessage().getBody(GenericFile.class);
        return new Item(SourcePaths.display(gf), SourcePaths.relative(gf), Path.of(gf.getAbsoluteFilePath()),
                Path.of(gf.getEndpointPath()).toAbsolutePath());
    }

    private void dedup(Exchange exchange) throws InterruptedException {
        Item item = item(exchange);
        Delivery d = delivery(exchange);
        if (d.event != null || uploadDuplicates || outcomes.dryRun()) {
            if (d.event == null && outcomes.dryRun()) {
                checkIndex(item, d);
            }
            return;
        }
        // hold the content key until this delivery's outcome is recorded; a parallel copy waits, then
        // finds the upload in the index instead of sending the same bytes again
        String key = d.provider.name() + '\n' + item.classification.purpose() + '\n' + item.sha256;
        d.release = gate.enter(key);
        // backstop: whatever happens to this exchange, the key is freed when it completes
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                d.release.run();
            }
        });
        // with a shared store the same bytes may be on their way from another node: unless they are known
        // already, wait for the cluster-wide hold on them too
        if (gate.shared() && outcomes.manifest().index()
                .uploadedFileId(d.provider.name(), item.classification.purpose(), item.sha256).isEmpty()) {
            gate.holdAcrossNodes(key, item, d);
        }
        checkIndex(item, d);
    }

    private void checkIndex(Item item, Delivery d) {
        StoreIndex index = outcomes.manifest().index();
        String purpose = item.classification.purpose();
        index.uploaded(d.provider.name(), purpose, item.sha256).ifPresent(known -> {
            DedupCheck.Decision decision = dedupCheck.decide(item, d, known);
            if (decision.duplicateOf() != null) {
                d.event = Delivery.Event.DUPLICATE;
                d.record = FileRecord.known(decision.duplicateOf(), item.bytes, d.purpose);
            } else {
                d.replaces = decision.replaces();
                d.replaced = decision.why();
                d.hint = "replaces " + decision.replaces() + ", which " + (decision.why().equals("expired")
                        ? "has expired (or expires within the hour)" : "the provider no longer has");
            }
        });
        if (d.event == null) {
            // an earlier run began this upload and never recorded how it ended: ask the provider first
            index.openIntent(d.provider.name(), purpose, item.sha256).ifPresent(open -> {
                d.attemptId = open.attempt;
                d.intentEpochMillis = java.time.Instant.parse(open.ts).toEpochMilli();
                d.reconcileFirst = true;
                LOG.info("{} -> {}: an earlier run was interrupted during this upload; checking the provider's"
                        + " file list before sending", item.source, d.provider.name());
            });
        }
    }

    private void startReconcile(Exchange exchange) {
        Delivery d = delivery(exchange);
        exchange.removeProperty(LIST_AFTER);
        if (d.provider.listUrl(d.purpose, null) == null) {
            d.reconcileFirst = false;
            d.reconcileNote = "unsupported: " + d.provider.name() + " has no file list, so the upload was"
                    + " repeated without checking whether the interrupted one arrived";
            LOG.warn("{} -> {}: {}", item(exchange).source, d.provider.name(), d.reconcileNote);
        }
    }

    private void buildListRequest(Exchange exchange) {
        Delivery d = delivery(exchange);
        Message msg = exchange.getMessage();
        keepOnlyCamelHeaders(msg);
        msg.setBody(null);
        msg.setHeader(Exchange.HTTP_URI, d.provider.listUrl(d.purpose, exchange.getProperty(LIST_AFTER, String.class)));
        msg.setHeader(Exchange.HTTP_METHOD, HttpMethods.GET);
        d.provider.authHeaders().forEach(msg::setHeader);
    }

    private void readListPage(Exchange exchange) {
        Item item = item(exchange);
        Delivery d = delivery(exchange);
        Message msg = exchange.getMessage();
        int status = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = d.provider.redact(Answers.read(msg, Answers.LIST_PAGE_CAP));
        if (status < 200 || status > 299) {
            ProviderError err = RetryRules.located(d.provider.profile().parseError(status, body,
                    msg.getHeader("x-request-id", String.class)), msg.getHeader("Location", String.class));
            if (status == 429 || status >= 500) {
                throw new RetryableUploadException(err, "the provider's file list is unavailable", -1);
            }
            d.reconcileFirst = false;
            d.reconcileNote = "failed: the file list answered " + err + "; the upload was repeated without checking";
            LOG.warn("{} -> {}: {}", item.source, d.provider.name(), d.reconcileNote);
            return;
        }
        ProviderProfile.ListPage page = d.provider.profile().parseList(body);
        long notBefore = d.intentEpochMillis - clockSkewMs;
        boolean olderSeen = false;
        for (FileRecord f : page.files()) {
            long created = f.createdAt() == null ? Long.MAX_VALUE : f.createdAt() * 1000;
            if (created < notBefore) {
                olderSeen = true;
                continue;
            }
            if (item.filename().equals(f.filename()) && f.bytes() != null && f.bytes() == item.bytes
                    && (f.purpose() == null || f.purpose().equals(d.purpose))
                    && !outcomes.manifest().index().knownFileId(f.id())) {
                d.record = f;
                d.event = Delivery.Event.UPLOADED;
                d.reconciled = true;
                d.reconcileFirst = false;
                LOG.info("{} -> {}: found {} at the provider; it arrived before the interruption, not sending again",
                        item.source, d.provider.name(), f.id());
                return;
            }
        }
        // newest first: once older files show up, ours cannot be further down
        if (page.hasMore() && page.lastId() != null && !(olderSeen && d.provider.profile().listPaged)) {
            exchange.setProperty(LIST_AFTER, page.lastId());
        } else {
            d.reconcileFirst = false;
        }
    }

    private void buildRequest(Exchange exchange) {
        Item item = item(exchange);
        Delivery d = delivery(exchange);
        Message msg = exchange.getMessage();
        // nothing of ours may travel as an HTTP header: camel-http sends every non-Camel header.
        // Camel's own stay: camel-http filters them, and redelivery counts attempts in them.
        keepOnlyCamelHeaders(msg);
        checkStillInside(item);
        UploadTask task = new UploadTask(item.path, item.filename(), item.bytes, d.purpose,
                item.classification.fileType(), d.provider.expiryFor(item.classification.expiresAfterSeconds()));
        MultipartBody body = d.provider.body(task);
        Progress.Transfer transfer = progress.start(item.source + " -> " + d.provider.name(), item.bytes);
        progress.end(d.transfer);
        d.transfer = transfer;
        body.onStart(() -> d.attemptStartNanos = System.nanoTime()).onProgress(transfer::sent);
        msg.setBody(body);
        msg.setHeader(Exchange.HTTP_URI, d.provider.uploadUrl());
        msg.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        d.provider.authHeaders().forEach(msg::setHeader);
        if (d.startedNanos == 0) {
            d.startedNanos = System.nanoTime();
        }
    }

    private void dropCredentials(Exchange exchange) {
        delivery(exchange).provider.authHeaders().keySet().forEach(exchange.getMessage()::removeHeader);
    }

    private void readResponse(Exchange exchange) {
        Delivery d = delivery(exchange);
        Message msg = exchange.getMessage();
        int status = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = d.provider.redact(Answers.read(msg, Answers.FILE_OBJECT_CAP));
        progress.end(d.transfer);
        if (d.provider.isSuccess(status)) {
            d.record = d.provider.profile().parseRecord(status, body);
            d.uploadMs = (System.nanoTime() - d.attemptStartNanos) / 1_000_000;
            d.event = Delivery.Event.UPLOADED;
            return;
        }
        ProviderError err = RetryRules.located(d.provider.profile().parseError(status, body,
                msg.getHeader("x-request-id", String.class)), msg.getHeader("Location", String.class));
        RetryRules.Header headers = name -> msg.getHeader(name, String.class);
        if (RetryRules.retryable(status, err, headers)) {
            long wait = RetryRules.retryAfterMs(headers);
            if (wait < 0 && status == 429) {
                wait = RetryRules.rateLimitResetMs(headers);
            }
            if (wait >= 0) {
                msg.setHeader(Exchange.REDELIVERY_DELAY, Math.min(wait, retry.maxRetryAfterMs()));
                if (status == 429) {
                    RateLimitWaits.booked(d, Math.min(wait, retry.maxRetryAfterMs()));
                }
            }
            throw new RetryableUploadException(err, RetryRules.hint(status, err, d.provider), wait);
        }
        // a 2xx that is not a success code may still have stored the file
        throw new UploadException(err, RetryRules.hint(status, err, d.provider), status >= 200 && status < 300);
    }

    /**
     * Whether a failed attempt may have left the file at the provider: anything after the connection
     * was made, except a 429 (refused before it was read).
     */
    static boolean ambiguous(Throwable cause) {
        if (cause instanceof RetryableUploadException r) {
            return r.error().httpStatus() != 429;
        }
        if (cause instanceof UploadException u) {
            return u.ambiguous();
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException
                    || t instanceof org.apache.hc.client5.http.ConnectTimeoutException
                    // the handshake comes before the request: an untrusted server got nothing
                    || TlsProblems.untrusted(t)) {
                return false;
            }
        }
        return cause instanceof IOException;
    }

    private void beforeRetry(Exchange exchange) {
        Delivery d = delivery(exchange);
        progress.end(d.transfer);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        outcomes.retrying(d);
        if (ambiguous(cause)) {
            d.reconcileFirst = true;
        }
        Long wait = exchange.getMessage().getHeader(Exchange.REDELIVERY_DELAY, Long.class);
        if (d.lastWasWait) {
            LOG.info("rate-limited: {} -> {} waits {} ms as the provider asked ({} of {} s of this file's wait"
                    + " budget used)", item(exchange).source, d.provider.name(), wait, d.waitedMs / 1000,
                    retry.maxWaitMs() / 1000);
            return;
        }
        LOG.warn("retrying upload of {} to {} (attempt {} of {}{}): {}", item(exchange).source, d.provider.name(),
                d.attempts - d.waits + 1, retry.maxAttempts(), wait == null ? "" : ", waiting " + wait + " ms as asked",
                d.provider.redact(String.valueOf(cause == null ? "?" : cause.getMessage())));
    }

    private void failed(Exchange exchange) {
        Delivery d = delivery(exchange);
        Item item = item(exchange);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (d == null) {
            throw new IllegalStateException("upload failed before it started", cause);
        }
        progress.end(d.transfer);
        d.event = Delivery.Event.FAILED;
        d.ambiguous = d.attemptId != null && ambiguous(cause);
        if (cause instanceof UploadException u) {
            d.error = u.error().toMap();
            d.hint = d.lastWasWait ? RateLimitWaits.budgetSpent(d, retry) : u.hint()
                    + (cause instanceof RetryableUploadException ? " (gave up after " + d.attempts + " attempts)" : "");
        } else {
            String message = d.provider.redact(String.valueOf(cause == null ? "unknown error" : cause.getMessage()));
            d.error = Map.of("type", cause == null ? "unknown" : cause.getClass().getSimpleName(), "message", message);
            d.hint = cause instanceof IOException
                    ? "could not talk to " + d.provider.uploadUrl().split("\\?")[0] + " after " + d.attempts
                      + " attempts; check the network and filegate.providers." + d.provider.name() + ".base-url"
                      + TlsProblems.hint(cause)
                    : "unexpected error; see the log";
        }
        outcomes.record(item, d);
    }

    /** One line a person can act on, instead of Camel's stack trace per file. */
    private void notRecorded(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Delivery d = delivery(exchange);
        if (cause instanceof ClaimLostException) {
            // another node's work now, not a fault here
            ItemClaims.LOG.warn("{}: {}", item(exchange).source, cause.getMessage());
            return;
        }
        LOG.error("{}{}: {}", item(exchange).source, d == null ? "" : " -> " + d.provider.name(),
                cause == null ? "its outcome could not be recorded" : cause.getMessage());
    }

    /** A file that changed while it was sent is not recorded as uploaded of the bytes validated before. */
    private void checkUnchanged(Exchange exchange) throws IOException {
        Item item = item(exchange);
        Delivery d = delivery(exchange);
        if (d.event != Delivery.Event.UPLOADED || item.readAt == null) {
            return;
        }
        String change = item.readAt.changeSince(item.path);
        if (change != null) {
            d.event = Delivery.Event.CHANGED;
            d.hint = "the file changed while it was being sent (" + change + "): " + d.provider.name() + " holds "
                    + d.record.id() + " with bytes that were not validated, so it is not counted as uploaded;"
                    + " the file stays and is sent again as a new version once it is still (delete "
                    + d.record.id() + " at the provider if it is not wanted)";
        }
    }

    /** Decide where the source goes; a failed file gets its sidecar before it moves. */
    private void commit(Exchange exchange) throws IOException {
        Item item = item(exchange);
        if (item.root == null || outcomes.dryRun()) {
            return;
        }
        // a file written to since it was read stays: the next scan takes it as a new version
        String change = item.readAt == null ? null : item.readAt.changeSince(item.path);
        if (change != null || item.deliveries.stream().anyMatch(d -> d.event == Delivery.Event.CHANGED)) {
            FileChangedException e = new FileChangedException(change != null ? change + " since it was read"
                    : "the provider got bytes that were not validated");
            LOG.warn("{} is not archived: {}; it stays where it is and is taken again as a new version once it is"
                    + " still", item.source, e.getMessage());
            throw e;
        }
        Path target;
        if (item.allDelivered() && outcomes.afterUpload().holds(item)) {
            // not in .done/ before the provider says it can use the file (docs/after-upload.md)
            target = unique(item.root.resolve(HOLD_DIR).resolve(item.rel));
        } else if (item.allDelivered()) {
            String day = LocalDate.now(ZoneOffset.UTC).toString();
            target = unique(item.root.resolve(".done").resolve(day).resolve(item.rel));
        } else {
            target = unique(item.root.resolve(".failed").resolve(item.rel));
            outcomes.writeSidecars(item, target);
        }
        item.moveTo = target;
        exchange.setProperty(MOVE_TO, target.toString());
    }

    /** Completes the exchange once the item's outcome lines are durable, on a thread of its own. */
    private final class AwaitRecorded extends AsyncProcessorSupport {
        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            Item item = item(exchange);
            long position = item == null ? 0 : item.recordedUpTo.get();
            if (position == 0) {
                callback.done(true);
                return true;
            }
            outcomes.manifest().whenDurable(position).whenCompleteAsync((ok, failed) -> {
                if (failed != null) {
                    // the source stays where it is and is tried again, as for any manifest failure
                    exchange.setException(failed instanceof CompletionException c ? c.getCause() : failed);
                }
                callback.done(false);
            }, committers);
            return false;
        }
    }

    /** Never overwrite an earlier file of the same name: add ~2, ~3 ... before the extension. */
    public static Path unique(Path target) {
        if (!Files.exists(target)) {
            return target;
        }
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 2; ; i++) {
            Path p = target.resolveSibling(stem + "~" + i + ext);
            if (!Files.exists(p)) {
                return p;
            }
        }
    }
}
