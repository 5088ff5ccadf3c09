import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Creates a bucket with N small, distinct JSONL objects under in/user_data/ on a local S3-compatible server
 * (purpose user_data: Filegate uploads them; under in/ alone the default rules take a .jsonl for fine-tune
 * and reject one example), then GETs every object once with PARALLEL threads and prints that rate: the
 * server's own ceiling for a sync. Run with the packaged jar on the class path (it carries the AWS SDK):
 * java -cp target/filegate.jar bench/S3Seed.java http://127.0.0.1:PORT BUCKET N [PARALLEL]
 */
public class S3Seed {
    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        String bucket = args[1];
        int n = Integer.parseInt(args[2]);
        int parallel = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .build()) {
            s3.createBucket(b -> b.bucket(bucket));
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> done = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String key = "in/user_data/set-" + (i % 10) + "/f" + i + ".jsonl";
                String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"object " + i + "\"}]}\n";
                done.add(pool.submit(() -> s3.putObject(b -> b.bucket(bucket).key(key),
                        RequestBody.fromString(body, StandardCharsets.UTF_8))));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            System.out.printf("seeded %d objects in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
            getAll(s3, bucket, parallel);
        }
    }

    /** Lists the bucket and GETs every object to the end, as a sync does, without spooling or uploading. */
    private static void getAll(S3Client s3, String bucket, int parallel) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<?>> done = new ArrayList<>();
        long t0 = System.nanoTime();
        for (var o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("in/")).contents()) {
            done.add(pool.submit(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray()));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("S3Mock alone: listed and got %d objects with %d threads in %.1f s: %.0f objects/s%n",
                done.size(), parallel, s, done.size() / s);
    }
}
