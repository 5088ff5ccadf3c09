package filegate.source.s3;

import java.net.URI;

import filegate.ConfigException;
import filegate.net.Network;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The S3 client of a source, built from its settings with the network's proxy and trust, and its errors in words. */
final class S3Clients {
    /** How a source names a setting in a message (filegate.s3.x, or a template parameter). */
    interface Names {
        String of(String key, String parameter);
    }

    private S3Clients() {
    }

    /**
     * Built with the SDK's builder rather than camel-aws2-s3's factory, which cannot take a trust store or a
     * proxy route planner: the S3 client must go out through the same proxy, trusting the same CAs, as uploads.
     */
    static S3Client build(String bucket, String region, String endpoint, String accessKey, String secretKey,
                          Network network, Names names) {
        String r = region;
        URI override = null;
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
            override = uri;
            if (r.isEmpty()) {
                r = "us-east-1";
            }
        }
        S3ClientBuilder b = S3Client.builder().httpClientBuilder(network.s3HttpClient())
                .credentialsProvider(accessKey.isEmpty() ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
        if (override != null) {
            // S3-compatible stores rarely serve virtual-host buckets
            b.endpointOverride(override).forcePathStyle(true);
        }
        if (!r.isEmpty()) {
            b.region(Region.of(r));
        }
        try {
            return b.build();
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
