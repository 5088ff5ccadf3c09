package filegate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;

import filegate.provider.ProviderError;
import filegate.provider.RetryableUploadException;
import filegate.provider.UploadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's steps on their own, for what the end-to-end tests reach only by chance. */
class StepsTest {
    @TempDir
    Path dir;

    @Test
    void commitNeverOverwritesAnEarlierFileOfTheSameName() throws IOException {
        Path target = dir.resolve("a.jsonl");
        assertEquals(target, Commit.unique(target));
        Files.writeString(target, "1");
        assertEquals(dir.resolve("a~2.jsonl"), Commit.unique(target));
        Files.writeString(dir.resolve("a~2.jsonl"), "2");
        assertEquals(dir.resolve("a~3.jsonl"), Commit.unique(target));
        // no extension, and a leading dot is part of the name, not an extension
        Files.writeString(dir.resolve("README"), "x");
        assertEquals(dir.resolve("README~2"), Commit.unique(dir.resolve("README")));
        Files.writeString(dir.resolve(".env"), "x");
        assertEquals(dir.resolve(".env~2"), Commit.unique(dir.resolve(".env")));
    }

    @Test
    void onlyAFailureAfterTheConnectionMayHaveLeftTheFileAtTheProvider() {
        ProviderError e500 = new ProviderError(500, "boom", null, null, null, null);
        ProviderError e429 = new ProviderError(429, "slow down", null, null, null, null);
        // a 5xx was read by the provider; a 429 was refused before it was read
        assertTrue(Failures.ambiguous(new RetryableUploadException(e500, "retry", -1)));
        assertFalse(Failures.ambiguous(new RetryableUploadException(e429, "wait", 1000)));
        // a final answer says itself whether the file may be there (a 2xx that is not a success code)
        assertTrue(Failures.ambiguous(new UploadException(e500, "hint", true)));
        assertFalse(Failures.ambiguous(new UploadException(e500, "hint", false)));
        // no connection, nothing sent; a connection that broke may have delivered everything
        assertFalse(Failures.ambiguous(new IOException("wrapped", new ConnectException("refused"))));
        assertTrue(Failures.ambiguous(new SocketTimeoutException("read timed out")));
        assertFalse(Failures.ambiguous(new IllegalStateException("not a transfer")));
    }
}
