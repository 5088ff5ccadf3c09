package filegate.source.s3;

import java.net.URI;

import filegate.ConfigException;
import org.apache.camel.component.aws2.s3.AWS2S3Configuration;
import org.apache.camel.component.aws2.s3.client.AWS2S3ClientFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The S3 client of a source, built from its settings through camel-aws2-s3, and its errors in words. */
final class S3Clients {
    /** How a source names a setting in a message (filegate.s3.x, or a template parameter). */
    interface Names {
        String of(String key, String parameter);
    }

    private S3Clients() {
    }

    static S3Client build(String bucket, String region, String endpoint, String accessKey, String secretKey,
                          Names names) {
        AWS2S3Configuration c = new AWS2S3Configuration();
        String r = region;
        if (!endpoint.isEmpty()) {
            URI uri;
            try {
                uri = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new ConfigException(names.of("endpoint", "endpoint") + "=" + endpoint
                        + " is not allowed: expected an http(s) URL such as http://127.0.0.1:9000");
            }
            c.setOverrideEndpoint(true);
            c.setUriEndpointOverride(endpoint);
            // S3-compatible stores rarely serve virtual-host buckets
            c.setForcePathStyle(true);
            if (r.isEmpty()) {
                r = "us-east-1";
            }
        }
        if (!r.isEmpty()) {
            c.setRegion(r);
        }
        if (!accessKey.isEmpty()) {
            c.setAccessKey(accessKey);
            c.setSecretKey(secretKey);
        } else {
            c.setUseDefaultCredentialsProvider(true);
        }
        try {
            return AWS2S3ClientFactory.getS3Client(c);
        } catch (SdkException | IllegalArgumentException e) {
            throw new ConfigException("cannot set up the S3 client for bucket " + bucket + ": " + e.getMessage()
                    + (r.isEmpty() ? " (set " + names.of("region", "region") + ")" : ""));
        }
    }

    /** An SDK error in one line, without request internals (and never the credentials). */
    static String describe(SdkException e) {
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            String msg = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorMessage();
            return "HTTP " + s3.statusCode() + (code == null ? "" : " " + code) + (msg == null ? "" : ": " + msg);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e.getMessage() + (root != e ? " (" + root + ")" : "");
    }
}
