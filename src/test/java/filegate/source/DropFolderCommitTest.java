package filegate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source contract for a drop-folder item: its commit picks {@code .done/<day>/}, {@code .processing/}
 * or {@code .failed/} (with the report beside it) from the verdict alone, never overwrites an earlier file,
 * and leaves a file that changed since it was read where it is.
 */
class DropFolderCommitTest {
    @TempDir
    Path root;

    private final DropFolder dropFolder = new DropFolder(new SyncTracker(true, false));
    private final Exchange exchange = new DefaultExchange(new DefaultCamelContext());

    @Test
    void aDeliveredFileGoesToTodaysDoneFolder() throws IOException {
        SourceItem item = read("in/a.jsonl", "{}\n");
        item.commit(new Outcome(true, false, false), exchange);
        Path expected = root.resolve(".done").resolve(LocalDate.now(ZoneOffset.UTC).toString()).resolve("in/a.jsonl");
        assertEquals(expected.toString(), exchange.getProperty(DropFolder.MOVE_TO));
        assertEquals(expected, item.movedTo());
    }

    @Test
    void aFileAwaitingTheProvidersVerdictIsHeldInProcessing() throws IOException {
        SourceItem item = read("a.jsonl", "{}\n");
        item.commit(new Outcome(true, true, false), exchange);
        assertEquals(root.resolve(DropFolder.HOLD_DIR).resolve("a.jsonl").toString(), exchange.getProperty(DropFolder.MOVE_TO));
    }

    @Test
    void aFailedFileGoesToFailedWithItsReportBesideIt() throws IOException {
        SourceItem item = read("sub/b.csv", "x\n");
        Outcome failed = new Outcome(false, false, false);
        item.commit(failed, exchange);
        Path expected = root.resolve(".failed").resolve("sub/b.csv");
        assertEquals(expected.toString(), exchange.getProperty(DropFolder.MOVE_TO));
        assertEquals(List.of(expected), failed.sidecars);
    }

    @Test
    void anEarlierFileOfTheSameNameIsNeverOverwritten() throws IOException {
        Files.createDirectories(root.resolve(".failed"));
        Files.writeString(root.resolve(".failed/b.csv"), "earlier");
        SourceItem item = read("b.csv", "x\n");
        item.commit(new Outcome(false, false, false), exchange);
        assertEquals(root.resolve(".failed/b~2.csv").toString(), exchange.getProperty(DropFolder.MOVE_TO));
    }

    @Test
    void aFileWrittenToSinceItWasReadStaysWhereItIs() throws IOException {
        SourceItem item = read("a.jsonl", "{}\n");
        Files.writeString(item.path(), "{}\n{\"more\": 1}\n");
        Outcome delivered = new Outcome(true, false, false);
        FileChangedException e = assertThrows(FileChangedException.class, () -> item.commit(delivered, exchange));
        assertTrue(e.getMessage().contains("since it was read"), e.getMessage());
        assertNull(exchange.getProperty(DropFolder.MOVE_TO));
        assertNull(item.movedTo());
    }

    @Test
    void bytesSentThatWereNotValidatedKeepTheFileToo() throws IOException {
        SourceItem item = read("a.jsonl", "{}\n");
        FileChangedException e = assertThrows(FileChangedException.class,
                () -> item.commit(new Outcome(false, false, true), exchange));
        assertEquals("the provider got bytes that were not validated", e.getMessage());
        assertNull(exchange.getProperty(DropFolder.MOVE_TO));
    }

    /** A file in the folder, handed over and read as the pipeline does (the version is taken before reading). */
    private SourceItem read(String rel, String content) throws IOException {
        Path file = root.resolve(rel);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        SourceItem item = new SourceItem(root + "/" + rel, rel, file, root, null, null, null, null, dropFolder);
        item.beforeRead();
        return item;
    }

    /** A verdict as the pipeline would give it; records where it was asked to write the failure report. */
    private static final class Outcome implements ItemVerdict {
        private final boolean delivered;
        private final boolean held;
        private final boolean changed;
        final List<Path> sidecars = new ArrayList<>();

        Outcome(boolean delivered, boolean held, boolean changed) {
            this.delivered = delivered;
            this.held = held;
            this.changed = changed;
        }

        @Override
        public boolean delivered() {
            return delivered;
        }

        @Override
        public boolean held() {
            return held;
        }

        @Override
        public boolean sentChangedBytes() {
            return changed;
        }

        @Override
        public void writeSidecars(Path target) {
            sidecars.add(target);
        }

        @Override
        public String reportJson(String advice) {
            return "{}";
        }

        @Override
        public void writeReports(Path target, String advice) {
            sidecars.add(target);
        }
    }
}
