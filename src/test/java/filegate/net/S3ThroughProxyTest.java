package filegate.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import filegate.support.ChildJvm;
import filegate.support.ConnectProxy;
import filegate.support.EndToEnd;
import filegate.support.Harness;
import filegate.support.S3Mock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The S3 client goes out through the proxy the environment names, as uploads do, with the proxy's
 * credentials; a NO_PROXY entry with a port sends only that server direct.
 */
@ExtendWith(S3Mock.class)
class S3ThroughProxyTest extends EndToEnd {
    @Test
    void s3_requests_go_through_http_proxy_and_a_no_proxy_host_port_goes_direct() throws Exception {
        String bucket = S3Mock.newBucket();
        S3Mock.client().putObject(b -> b.bucket(bucket).key("in/fine-tune/a.jsonl"),
                RequestBody.fromString(Harness.chat("s3")));
        String s3Port = S3Mock.endpoint().substring(S3Mock.endpoint().lastIndexOf(':') + 1).replace("/", "");
        String providerHostPort = provider.root().substring("http://".length());
        try (ConnectProxy proxy = new ConnectProxy("s3-proxy-user", "s3-pr0xy-secret")) {
            ChildJvm.Result r = ChildJvm.run(ChildJvm.projectDir(), Map.of("OPENAI_API_KEY", Harness.KEY,
                    "S3_ACCESS", S3Mock.ACCESS_KEY, "S3_SECRET", S3Mock.SECRET_KEY,
                    "http_proxy", "http://s3-proxy-user:s3-pr0xy-secret@127.0.0.1:" + proxy.port(),
                    "NO_PROXY", providerHostPort),
                    h.keylessJvmArgs("-Dfilegate.s3.bucket=" + bucket, "-Dfilegate.s3.prefixes=in/",
                            "-Dfilegate.s3.endpoint=" + S3Mock.endpoint(),
                            "-Dfilegate.s3.access-key={{env:S3_ACCESS}}", "-Dfilegate.s3.secret-key={{env:S3_SECRET}}"),
                    "--sync");

            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals(1, provider.uploads().size(), "the provider, listed in NO_PROXY, was reached directly");
            assertFalse(proxy.targets().isEmpty(), "S3 went through the proxy");
            assertTrue(proxy.targets().stream().allMatch(t -> t.equals("127.0.0.1:" + s3Port)), proxy.targets()
                    .toString());
            assertTrue(proxy.challenged() >= 1, "the proxy asked for credentials and got them");
            assertFalse((r.stdout() + r.stderr()).contains("s3-pr0xy-secret"));
        }
    }
}
