package filegate.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import filegate.manifest.ManifestEntry;
import filegate.manifest.ManifestIndex;
import filegate.provider.Answers;
import filegate.provider.Provider;
import filegate.provider.ProviderHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether an earlier upload of the same bytes may answer for a new copy. Never an id that has expired (or
 * will within {@link #EXPIRY_MARGIN_SECONDS}), nor one the provider reported gone; with
 * {@code filegate.dedup=verify} the id is also asked for at the provider ({@code GET {base}/files/{id}},
 * through camel-http like every provider call, once per id and run) and a 404 is recorded as a
 * {@code gone} line, so later runs know without asking.
 */
final class DedupCheck {
    private static final Logger LOG = LoggerFactory.getLogger(DedupCheck.class);
    /** An id that expires within the hour is no use to whoever starts a job from the manifest. */
    static final long EXPIRY_MARGIN_SECONDS = 3600;
    private static final String RETRIEVE =
            "http://provider-retrieve" + ProviderHeaders.SINGLE_CALL_OPTIONS;

    /** What to do with a delivery whose bytes the manifest knows. */
    record Decision(String duplicateOf, String replaces, String why) {
    }

    private final Outcomes outcomes;
    private final ProducerTemplate template;
    private final boolean verify;
    private final Map<String, Boolean> alive = new ConcurrentHashMap<>();
    private final Map<String, Boolean> unverifiableSaid = new ConcurrentHashMap<>();

    DedupCheck(Outcomes outcomes, ProducerTemplate template, boolean verify) {
        this.outcomes = outcomes;
        this.template = template;
        this.verify = verify;
    }

    /** @return null when nothing is known of these bytes at this provider */
    Decision decide(Item item, Delivery d, ManifestIndex.Known known) {
        if (known.gone()) {
            return new Decision(null, known.fileId(), "deleted");
        }
        if (known.expiredBy(System.currentTimeMillis() / 1000, EXPIRY_MARGIN_SECONDS)) {
            return new Decision(null, known.fileId(), "expired");
        }
        if (verify && !outcomes.dryRun() && !exists(item, d.provider(), known.fileId())) {
            return new Decision(null, known.fileId(), "deleted");
        }
        return new Decision(known.fileId(), null, null);
    }

    private boolean exists(Item item, Provider p, String fileId) {
        String url = p.retrieveUrl(fileId);
        if (url == null) {
            if (unverifiableSaid.putIfAbsent(p.name(), Boolean.TRUE) == null) {
                LOG.warn("filegate.dedup=verify: {} has no file endpoint to ask, so its known uploads are taken as"
                        + " they are (as with skip)", p.name());
            }
            return true;
        }
        return alive.computeIfAbsent(p.name() + '\n' + fileId, k -> {
            boolean there = ask(p, url, fileId);
            if (!there) {
                ManifestEntry e = new ManifestEntry("gone");
                e.source = item.source();
                e.provider = p.name();
                e.purpose = item.classification().purpose();
                e.sha256 = item.sha256();
                e.fileId = fileId;
                e.reason = "the provider answered 404 for " + fileId + " (deleted, or expired)";
                outcomes.manifest().append(e);
            }
            return there;
        });
    }

    private boolean ask(Provider p, String url, String fileId) {
        Exchange answer = template.request(RETRIEVE, ex -> {
            Message m = ex.getMessage();
            m.setHeader(Exchange.HTTP_URI, url);
            m.setHeader(Exchange.HTTP_METHOD, HttpMethods.GET);
            p.authHeaders().forEach(m::setHeader);
        });
        Message m = answer.getMessage();
        if (answer.getException() != null) {
            LOG.warn("filegate.dedup=verify: could not ask {} about {} ({}); taken as still there", p.name(), fileId,
                    p.redact(String.valueOf(answer.getException().getMessage())));
            return true;
        }
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        try {
            Answers.read(m, Answers.FILE_OBJECT_CAP);
        } catch (RuntimeException tooLargeOrBroken) {
            // the status is what counts here
        }
        if (status == 404) {
            return false;
        }
        if (status < 200 || status > 299) {
            LOG.warn("filegate.dedup=verify: {} answered {} about {}; taken as still there", p.name(), status, fileId);
        }
        return true;
    }
}
