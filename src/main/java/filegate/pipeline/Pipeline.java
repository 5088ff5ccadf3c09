package filegate.pipeline;

import filegate.provider.Providers;
import filegate.rules.Rules;
import org.apache.camel.builder.RouteBuilder;

import static filegate.pipeline.Flow.delivery;
import static filegate.pipeline.Flow.item;

/**
 * The flow of one file, as routes that read as its steps:
 * {@code ingest}: prepare → split per provider → {@code deliver}: dedup → intent → {@code upload-attempt}:
 * (reconcile) → send (or {@link PartsUpload}) → record → back in {@code ingest}: commit. Each step is a
 * class of its own ({@link Prepare}, {@link Dedup}, {@link Reconcile}, {@link Send}, {@link Failures},
 * {@link Commit}); this class only wires them. Error handling is the route configurations of
 * {@link ErrorHandling}; every provider call goes through {@link ProviderHttp}.
 * <p>
 * Every source calls {@code direct:ingest} with a {@link filegate.source.SourceItem} in the exchange
 * property {@value filegate.source.SourceItem#PROPERTY}; once the item's outcome lines are durable the
 * commit step hands the verdict back to that item, which commits itself by its source's rules. The routes
 * never ask which kind of source an item came from. An item that arrives classified is not classified again.
 */
public final class Pipeline extends RouteBuilder {

    private final Rules rules;
    private final Providers providers;
    private final Outcomes outcomes;
    private final RetrySettings retry;
    private final boolean uploadDuplicates;
    private final boolean verifyDuplicates;
    private final long clockSkewMs;
    private final int parallelFiles;
    private final int waitingFiles;
    private final Progress progress;

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
    }

    @Override
    public void configure() throws Exception {
        Steps step = steps();

        from("direct:ingest").routeId("ingest").routeConfigurationId(ErrorHandling.QUIET)
                // sources hand files over one by one; this many are hashed and uploaded at once. When
                // waitingFiles wait already, the source's own thread takes the next one itself (Camel's
                // caller-runs): the drop folder then scans no further until there is room, so the files
                // held in memory stay bounded however many the folder has
                .threads(parallelFiles, parallelFiles).maxQueueSize(waitingFiles).callerRunsWhenRejected(true)
                .threadName("upload")
                .process(step.prepare())
                .setBody(exchange -> item(exchange).deliveries())
                .split(body())
                    .to("direct:deliver")
                .end()
                // every delivery is decided: a local copy (an S3 object's spool file) goes now, not after the
                // commit, so the copies on disk stay as few as the files being read
                .process(exchange -> item(exchange).origin().readDone())
                // a node that lost its claim (stopped longer than its lease) leaves the file to its new holder
                .process(ItemClaims.stillHeld(outcomes.manifest().claims()))
                // the source commits the item only once its outcome lines are on disk; the upload thread does
                // not wait for that, it takes the next file (the commit runs on the thread that saw them durable)
                .process(step.commit().awaitRecorded())
                .process(step.commit());

        from("direct:deliver").routeId("deliver").routeConfigurationId(ErrorHandling.DELIVERY)
                .setProperty(Flow.DELIVERY, body())
                .process(step.dedup())
                .choice()
                    .when(exchange -> !delivery(exchange).decided() && outcomes.dryRun())
                        .process(exchange -> delivery(exchange).wouldUpload())
                    .when(exchange -> !delivery(exchange).decided())
                        // durable before the first byte leaves, so a crash can be settled later
                        .process(exchange -> outcomes.intent(item(exchange), delivery(exchange)))
                        .process(exchange -> outcomes.uploadStarting(delivery(exchange)))
                        .to("direct:upload-attempt")
                        .process(step.send()::checkUnchanged)
                .end()
                .process(exchange -> outcomes.record(item(exchange), delivery(exchange)));

        // build + POST together, with no error handler of their own, so a redelivery from
        // direct:deliver rebuilds the multipart body instead of resending a spent one
        from("direct:upload-attempt").routeId("upload-attempt")
                .errorHandler(noErrorHandler())
                // one attempt = one redelivery of this route, whether it ends in the file list or the upload,
                // so "attempt N of M" in the log and the count in the outcome agree
                .process(exchange -> delivery(exchange).attemptStarted())
                .filter(exchange -> delivery(exchange).reconcileFirst())
                    .to("direct:reconcile")
                .end()
                .filter(exchange -> !delivery(exchange).decided())
                    .choice()
                        // too large for one request: in parts through the Uploads API (PartsUpload)
                        .when(exchange -> delivery(exchange).provider().usesUploadsApi(item(exchange).bytes()))
                            .to(Flow.UPLOAD_PARTS)
                        .otherwise()
                            .process(step.send()::request)
                            .to(ProviderHttp.ENTRY)
                            .process(step.send()::readAnswer)
                    .end()
                .end();

        // looks for an upload whose answer never arrived: same name and size, created after our intent
        from("direct:reconcile").routeId("reconcile")
                .errorHandler(noErrorHandler())
                .process(step.reconcile()::start)
                .loopDoWhile(exchange -> delivery(exchange).reconcileFirst())
                    .process(step.reconcile()::listRequest)
                    .to(ProviderHttp.ENTRY)
                    .process(step.reconcile()::readPage)
                .end();
    }

    /** The step beans the routes call. */
    private record Steps(Prepare prepare, Dedup dedup, Reconcile reconcile, Send send, Commit commit) {
    }

    /** Builds the steps and registers what the routes refer to by name: the retry policy, the error handling. */
    private Steps steps() throws Exception {
        getContext().getRegistry().bind(Flow.RETRY_POLICY, retry.policy());
        Prepare prepare = new Prepare(rules, providers, outcomes);
        prepare.bind(getContext());
        Dedup dedup = new Dedup(outcomes, uploadDuplicates,
                new DedupCheck(outcomes, getContext().createProducerTemplate(), verifyDuplicates));
        getContext().addRoutesConfigurations(new ErrorHandling(new Failures(outcomes, progress, retry), retry));
        return new Steps(prepare, dedup, new Reconcile(outcomes, clockSkewMs), new Send(prepare, progress, retry),
                // commits run there once durable (a move, or S3's tag / copy / delete): as many as files in flight
                new Commit(outcomes, getContext().getExecutorServiceManager().newFixedThreadPool(this, "commit",
                        Math.max(2, parallelFiles))));
    }
}
