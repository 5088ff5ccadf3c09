package filegate.source.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static filegate.source.s3.S3Clients.describe;

/** Fetches the listed version of an object into a local spool file, and only that version (If-Match). */
final class S3Fetcher {
    /** Logged as the S3 source, as before this class was split from it (log settings name it). */
    private static final Logger LOG = LoggerFactory.getLogger(S3Source.class);
    private final S3Client client;
    private final String bucket;
    private final S3Services services;

    S3Fetcher(S3Client client, String bucket, S3Services services) {
        this.client = client;
        this.bucket = bucket;
        this.services = services;
    }

    /**
     * Streams the listed version to the spool file, which must not exist yet; false when the object
     * changed or vanished meanwhile.
     */
    boolean download(String key, String quotedEtag, Path spool, String source) throws IOException {
        Files.createDirectories(spool.getParent());
        try (InputStream in = client.getObject(b -> b.bucket(bucket).key(key).ifMatch(quotedEtag))) {
            Files.copy(in, spool);
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 404) {
                LOG.info("{} changed or vanished since it was listed; the next poll sees its new state", source);
                return false;
            }
            String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
            if (code.equals("InvalidObjectState")) {
                // an archived object is the owner's choice, not a broken source: say it, do not fail the run
                LOG.warn("{} is archived ({}); restore it to have it uploaded", source, describe(e));
                return false;
            }
            String what = source + ": cannot download: " + describe(e);
            LOG.warn("{}; tried again on the next poll", what);
            services.tracker.sourceFailed(what);
            return false;
        } catch (SdkException e) {
            String what = source + ": cannot download: " + describe(e);
            LOG.warn("{}; tried again on the next poll", what);
            services.tracker.sourceFailed(what);
            return false;
        }
    }
}
