package filegate.source.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Random;

import filegate.support.S3Mock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/** The copy post-action against a real S3-compatible server, in parts with the limits scaled down. */
@ExtendWith(S3Mock.class)
class S3CopyTest {
    private static final long MIB = 1 << 20;
    // S3Mock's beforeAll has started the server by the time JUnit creates each test instance
    private final S3Client s3 = S3Mock.client();
    private final String bucket = S3Mock.newBucket();

    @Test
    void an_object_above_the_single_copy_limit_is_copied_in_parts_with_its_type_metadata_and_tags() {
        byte[] data = bytes(12 * MIB + 123, 1);
        String etag = s3.putObject(b -> b.bucket(bucket).key("in/big.jsonl").contentType("application/jsonl")
                .metadata(Map.of("origin", "lab-7")), RequestBody.fromBytes(data)).eTag();
        s3.putObjectTagging(b -> b.bucket(bucket).key("in/big.jsonl").tagging(t -> t.tagSet(
                tag("filegate", "uploaded"), tag("team", "data platform + ml/2026"))));

        int parts = new S3Copy(s3, 6 * MIB, 5 * MIB).copy(bucket, "in/big.jsonl", "done/big.jsonl", etag, data.length);

        assertEquals(3, parts, "12 MiB in parts of 5 MiB");
        assertArrayEquals(data, s3.getObjectAsBytes(b -> b.bucket(bucket).key("done/big.jsonl")).asByteArray());
        HeadObjectResponse copy = s3.headObject(b -> b.bucket(bucket).key("done/big.jsonl"));
        assertEquals("application/jsonl", copy.contentType());
        assertEquals(Map.of("origin", "lab-7"), copy.metadata());
        assertEquals(Map.of("filegate", "uploaded", "team", "data platform + ml/2026"), tags("done/big.jsonl"));
        assertEquals(List.of(), unfinishedUploads());
    }

    @Test
    void an_object_within_the_limit_is_copied_in_one_request() {
        byte[] data = bytes(3 * MIB, 2);
        String etag = s3.putObject(b -> b.bucket(bucket).key("in/a.jsonl"), RequestBody.fromBytes(data)).eTag();

        int parts = new S3Copy(s3, 6 * MIB, 5 * MIB).copy(bucket, "in/a.jsonl", "done/a.jsonl", etag, data.length);

        assertEquals(1, parts);
        assertArrayEquals(data, s3.getObjectAsBytes(b -> b.bucket(bucket).key("done/a.jsonl")).asByteArray());
    }

    @Test
    void a_version_that_changed_after_its_upload_is_not_copied_whole_or_in_parts() {
        byte[] first = bytes(12 * MIB, 3);
        String uploaded = s3.putObject(b -> b.bucket(bucket).key("in/c.jsonl"), RequestBody.fromBytes(first)).eTag();
        s3.putObject(b -> b.bucket(bucket).key("in/c.jsonl"), RequestBody.fromBytes(bytes(12 * MIB, 4)));

        S3Exception inParts = assertThrows(S3Exception.class, () -> new S3Copy(s3, 6 * MIB, 5 * MIB)
                .copy(bucket, "in/c.jsonl", "done/c.jsonl", uploaded, first.length));
        S3Exception whole = assertThrows(S3Exception.class, () -> new S3Copy(s3, 64 * MIB, 5 * MIB)
                .copy(bucket, "in/c.jsonl", "done/c.jsonl", uploaded, first.length));

        assertEquals(412, inParts.statusCode(), inParts.getMessage());
        assertEquals(412, whole.statusCode(), whole.getMessage());
        assertFalse(exists("done/c.jsonl"));
        assertEquals(List.of(), unfinishedUploads());
    }

    @Test
    void a_part_that_fails_aborts_the_multipart_copy_so_no_parts_are_left_stored() {
        byte[] data = bytes(7 * MIB, 5);
        String etag = s3.putObject(b -> b.bucket(bucket).key("in/d.jsonl"), RequestBody.fromBytes(data)).eTag();
        // the listing this test relies on does show an unfinished upload
        String probe = s3.createMultipartUpload(b -> b.bucket(bucket).key("probe")).uploadId();
        assertEquals(List.of("probe " + probe), unfinishedUploads());
        s3.abortMultipartUpload(b -> b.bucket(bucket).key("probe").uploadId(probe));

        // a size larger than the object: the second part asks for a range the object does not have
        assertThrows(S3Exception.class, () -> new S3Copy(s3, 6 * MIB, 5 * MIB)
                .copy(bucket, "in/d.jsonl", "done/d.jsonl", etag, 20 * MIB));

        assertFalse(exists("done/d.jsonl"));
        assertEquals(List.of(), unfinishedUploads());
    }

    private static byte[] bytes(long size, long seed) {
        byte[] data = new byte[(int) size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private Map<String, String> tags(String key) {
        return S3Mock.tags(bucket, key);
    }

    private List<String> unfinishedUploads() {
        return s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
                .map(u -> u.key() + " " + u.uploadId()).toList();
    }

    private boolean exists(String key) {
        return S3Mock.exists(bucket, key);
    }
}
