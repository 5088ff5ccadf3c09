package filegate.provider;

import java.nio.file.Path;

import filegate.support.FakeProvider;
import filegate.support.Harness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every provider profile test shares: a real local HTTP server standing in for the provider
 * ({@link #server}, which records each request as it came off the wire) and a Filegate harness configured
 * for the profile ({@link #h}), both started before and closed after each test. A profile test says only
 * what its provider answers and how its instance is configured, then asserts the request and the manifest.
 */
abstract class ProfileTestBase {
    @TempDir
    Path tmp;
    FakeProvider server;
    Harness h;

    /** The fake provider with its scripted answers. */
    abstract FakeProvider provider() throws Exception;

    /** The harness configured for this profile against {@code server}. */
    abstract Harness harness(Path tmp, FakeProvider server) throws Exception;

    @BeforeEach
    final void startProfile() throws Exception {
        server = provider();
        h = harness(tmp, server);
    }

    @AfterEach
    final void stopProfile() throws Exception {
        h.close();
        server.close();
    }
}
