package filegate.source.s3;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import filegate.pipeline.Item;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

import static filegate.source.s3.S3Clients.describe;

/**
 * Commits an S3 item once its outcome lines are on disk: an uploaded version is tagged, copied and
 * deleted as configured (each only while the object is still that version); a failed or rejected one
 * stays, with its report under the failed prefix or next to the manifest.
 */
final class S3Committer {
    /** Logged as the S3 source, as before this class was split from it (log settings name it). */
    private static final Logger LOG = LoggerFactory.getLogger(S3Source.class);
    private final S3Client client;
    private final S3Services services;
    private final String bucket;
    private final String tagKey;
    private final String tagValue;
    private final String copyPrefix;
    private final boolean delete;
    private final String failedPrefix;
    /** How the retry-failed setting is named in the report's advice. */
    private final String retryFailedName;

    S3Committer(S3Client client, S3Services services, String bucket, String tagKey, String tagValue,
                String copyPrefix, boolean delete, String failedPrefix, String retryFailedName) {
        this.client = client;
        this.services = services;
        this.bucket = bucket;
        this.tagKey = tagKey;
        this.tagValue = tagValue;
        this.copyPrefix = copyPrefix;
        this.delete = delete;
        this.failedPrefix = failedPrefix;
        this.retryFailedName = retryFailedName;
    }

    void afterSuccess(String key, String rel, String quotedEtag, long size, String source) {
        if (!tagKey.isEmpty() && !stillThisVersion(key, quotedEtag, source)) {
            return;
        }
        if (!tagKey.isEmpty()) {
            try {
                List<Tag> tags = new ArrayList<>(client.getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet());
                tags.removeIf(t -> t.key().equals(tagKey));
                tags.add(Tag.builder().key(tagKey).value(tagValue).build());
                client.putObjectTagging(b -> b.bucket(bucket).key(key).tagging(t -> t.tagSet(tags)));
            } catch (SdkException e) {
                LOG.warn("{}: uploaded, but could not tag it {}={}: {} (needs s3:GetObjectTagging and"
                        + " s3:PutObjectTagging; at most 10 tags per object)", source, tagKey, tagValue, describe(e));
            }
        }
        boolean copied = true;
        if (!copyPrefix.isEmpty()) {
            String target = copyPrefix + rel;
            try {
                int parts = new S3Copy(client).copy(bucket, key, target, quotedEtag, size);
                LOG.info("{}: copied to s3://{}/{}{}", source, bucket, target, parts > 1 ? " in " + parts + " parts" : "");
            } catch (SdkException e) {
                copied = false;
                LOG.warn("{}: uploaded, but could not copy it to s3://{}/{}: {}{}", source, bucket, target,
                        describe(e), delete ? "; the original is kept" : "");
            }
        }
        if (delete && copied) {
            try {
                String now = client.headObject(b -> b.bucket(bucket).key(key)).eTag();
                if (!S3Keys.etag(now).equals(S3Keys.etag(quotedEtag))) {
                    LOG.info("{} changed after it was uploaded; not deleted", source);
                    return;
                }
                // conditional as well: a version written between the check above and here is not deleted
                client.deleteObject(b -> b.bucket(bucket).key(key).ifMatch(quotedEtag));
                LOG.info("{}: deleted after upload, as configured", source);
            } catch (SdkException e) {
                LOG.warn("{}: uploaded, but could not delete it: {}", source, describe(e));
            }
        }
    }

    /**
     * Whether the object is still the version that was read and uploaded. Tagging has no condition of its
     * own, so a version written since would be tagged as done; copy and delete are conditional themselves.
     * The window between this check and the tagging remains (S3 offers no conditional tagging).
     */
    private boolean stillThisVersion(String key, String quotedEtag, String source) {
        try {
            client.headObject(b -> b.bucket(bucket).key(key).ifMatch(quotedEtag));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 404) {
                LOG.warn("{} changed since it was read (it is no longer ETag {}); not tagged, copied or deleted: the"
                        + " new version is taken on the next poll", source, S3Keys.etag(quotedEtag));
                return false;
            }
            return true; // cannot tell: tagging then reports its own error
        } catch (SdkException e) {
            return true;
        }
    }

    /** A failed or rejected object stays; its report goes under the failed prefix or next to the manifest. */
    void report(Item item, String key, String rel, String source) {
        String retry = "the object stays in " + source + " and this version (ETag " + item.etag + ") is not sent"
                + " again: fix the cause, then upload a changed object, or run once with "
                + retryFailedName + "=true to try failed objects again";
        if (!failedPrefix.isEmpty()) {
            String target = failedPrefix + rel + ".error.json";
            try {
                String json = services.outcomes.reports().sidecarJson(item, retry);
                client.putObject(b -> b.bucket(bucket).key(target).contentType("application/json"),
                        RequestBody.fromBytes(json.getBytes(StandardCharsets.UTF_8)));
                LOG.info("{}: report written to s3://{}/{}", source, bucket, target);
                return;
            } catch (SdkException e) {
                LOG.warn("{}: could not write the report to s3://{}/{}: {}; writing it next to the manifest",
                        source, bucket, target, describe(e));
            }
        }
        Path target = S3Keys.under(services.reportDir.resolve(S3Keys.safeSegment(bucket)), key);
        services.outcomes.reports().writeReports(item, target, retry);
        LOG.info("{}: report written to {}.error.json", source, target);
    }
}
