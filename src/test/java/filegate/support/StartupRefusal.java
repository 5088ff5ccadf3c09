package filegate.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests of start-ups that must be refused: a file waits in the inbox, and every refusal is
 * checked for what they all share (exit 2, one line, nothing written, moved or uploaded).
 */
public abstract class StartupRefusal extends EndToEnd {
    protected Path dropped;

    @BeforeEach
    void dropOneFile() {
        dropped = h.drop("fine-tune/train.jsonl", Harness.chat("{}\n"));
    }

    /** The one line, without its "filegate: " prefix, of a {@code --sync} (plus args) refused with exit 2. */
    protected String refused(String... args) {
        Harness.Run run = h.syncCapturing(args);
        assertEquals(2, run.exitCode(), run.stdout() + run.stderr());
        List<String> lines = run.stderr().lines().toList();
        assertEquals(1, lines.size(), "one line, not a stack trace: " + run.stderr());
        assertTrue(lines.get(0).startsWith("filegate: "), lines.get(0));
        assertFalse(Files.exists(h.manifest), "nothing may be written before the start-up is known to be good");
        assertTrue(Files.exists(dropped), "the dropped file must stay where it is");
        assertEquals(0, provider.uploads().size(), "nothing is uploaded");
        if (!"true".equals(h.props.get("filegate.probe.enabled"))) {
            assertEquals(0, provider.requests().size(), "without the probe, not even a request is made");
        }
        return lines.get(0).substring("filegate: ".length());
    }
}
