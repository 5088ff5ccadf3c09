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

    /** A provider that answers every upload with its documented file object (a fixture under providers/). */
    static FakeProvider documented(String fixture) throws java.io.IOException {
        return new FakeProvider().answer(FakeProvider.documented(200, fixture));
    }

    /** A harness whose only provider is an instance named like its type, with this key, at {@code server}. */
    static Harness instance(Path tmp, FakeProvider server, String type, String key) throws Exception {
        return new Harness(tmp, null)
                .set("filegate.provider", type)
                .set("filegate.providers." + type + ".base-url", server.baseUrl())
                .set("filegate.providers." + type + ".api-key", key);
    }

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
