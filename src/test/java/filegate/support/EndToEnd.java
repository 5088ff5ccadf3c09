package filegate.support;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the end-to-end tests: a fresh fake provider on 127.0.0.1 and a Harness over a temporary
 * inbox and manifest for every test; a Filegate started in watch mode is stopped before the provider.
 */
public abstract class EndToEnd {
    @TempDir
    protected Path tmp;
    protected FakeProvider provider;
    protected Harness h;

    @BeforeEach
    void startProviderAndHarness() throws Exception {
        provider = new FakeProvider();
        h = new Harness(tmp, provider);
    }

    @AfterEach
    void stopHarnessAndProvider() throws Exception {
        h.close();
        provider.close();
    }
}
