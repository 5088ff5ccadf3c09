package filegate.source.s3;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Copies one version of an object to another key of the same bucket. One CopyObject takes at most
 * 5 GiB, and the Uploads API takes files up to 8 GB, so a larger object is copied in parts (multipart
 * upload with UploadPartCopy), with its content type, metadata and tags carried over as CopyObject does.
 * Every request names the version's ETag: an object changed since it was uploaded is not copied.
 */
final class S3Copy {
    private static final Logger LOG = LoggerFactory.getLogger(S3Copy.class);
    /** S3's limit for one CopyObject. */
    static final long COPY_OBJECT_MAX = 5L << 30;
    /** Part size of a multipart copy (S3: 5 MiB to 5 GiB a part, at most 10,000 parts). */
    static final long PART_BYTES = 512L << 20;
    private static final int MAX_PARTS = 10_000;

    private final S3Client client;
    private final long singleMax;
    private final long partBytes;

    S3Copy(S3Client client) {
        this(client, COPY_OBJECT_MAX, PART_BYTES);
    }

    /** With other limits, so that tests can copy in parts without gigabytes. */
    S3Copy(S3Client client, long singleMax, long partBytes) {
        this.client = client;
        this.singleMax = singleMax;
        this.partBytes = partBytes;
    }

    /**
     * @param quotedEtag the ETag of the version that was uploaded, as S3 lists it
     * @param size       that version's size in bytes
     * @return the number of parts (1 for a plain CopyObject)
     */
    int copy(String bucket, String key, String target, String quotedEtag, long size) {
        if (size <= singleMax) {
            client.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket)
                    .destinationKey(target).copySourceIfMatch(quotedEtag));
            return 1;
        }
        HeadObjectResponse head = client.headObject(b -> b.bucket(bucket).key(key).ifMatch(quotedEtag));
        List<Tag> tags = client.getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet();
        String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(target).metadata(head.metadata())
                .contentType(head.contentType()).contentEncoding(head.contentEncoding())
                .contentDisposition(head.contentDisposition()).contentLanguage(head.contentLanguage())
                .cacheControl(head.cacheControl())).uploadId();
        // a part size that keeps the largest object (5 TiB) within 10,000 parts
        long part = Math.max(partBytes, (size + MAX_PARTS - 1) / MAX_PARTS);
        List<CompletedPart> parts = new ArrayList<>();
        try {
            for (long offset = 0; offset < size; offset += part) {
                int number = parts.size() + 1;
                String range = "bytes=" + offset + "-" + (Math.min(size, offset + part) - 1);
                String etag = client.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(key)
                        .destinationBucket(bucket).destinationKey(target).uploadId(uploadId).partNumber(number)
                        .copySourceRange(range).copySourceIfMatch(quotedEtag)).copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            client.completeMultipartUpload(b -> b.bucket(bucket).key(target).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            // parts of an unfinished multipart upload are stored (and billed) until it is aborted
            try {
                client.abortMultipartUpload(b -> b.bucket(bucket).key(target).uploadId(uploadId));
            } catch (SdkException abort) {
                LOG.warn("s3://{}/{}: could not abort the unfinished multipart copy {}: {}; a lifecycle rule"
                        + " for incomplete multipart uploads removes its parts", bucket, target, uploadId,
                        abort.getMessage());
            }
            throw e;
        }
        if (!tags.isEmpty()) {
            // set afterwards, not as CreateMultipartUpload's x-amz-tagging header: stores disagree on
            // whether that header is URL-decoded, the XML of PutObjectTagging means the same everywhere
            try {
                client.putObjectTagging(b -> b.bucket(bucket).key(target).tagging(t -> t.tagSet(tags)));
            } catch (SdkException e) {
                LOG.warn("s3://{}/{}: copied, but without the original's tags: {} (needs s3:PutObjectTagging)",
                        bucket, target, e.getMessage());
            }
        }
        return parts.size();
    }
}
