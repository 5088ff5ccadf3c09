package filegate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.EndToEnd;
import filegate.support.Harness;
import filegate.support.Postgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One node on the PostgreSQL store: the same outcomes, lines and exit codes as with the JSONL manifest. */
@ExtendWith(Postgres.class)
class StoreSyncTest extends EndToEnd {
    private String url;

    @BeforeEach
    void store() {
        url = Postgres.newDatabase();
        Postgres.use(h, url);
    }

    @Test
    void a_sync_on_the_store_records_every_outcome_as_the_manifest_would_and_a_second_sync_does_nothing()
            throws Exception {
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));
        h.drop("elsewhere/a-copy.jsonl", Harness.chat("a"));
        h.drop("batch/notes.txt", "not jsonl");
        h.drop("misc/model.bin", "??");

        Harness.Run run = h.syncCapturing();
        assertEquals(1, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().contains("1 uploaded, 1 duplicate, 1 rejected, 0 failed, 1 unmatched"), run.stdout());
        assertFalse(Files.exists(h.manifest), "the JSONL manifest is not written with a store");
        assertEquals(1, provider.uploads().size());

        List<JsonNode> uploaded = Postgres.events(url, "uploaded");
        assertEquals(1, uploaded.size());
        JsonNode line = uploaded.get(0);
        assertEquals(provider.stored().get(0).id(), line.path("file_id").asText());
        for (String field : List.of("ts", "source", "bytes", "sha256", "provider", "purpose", "file_type", "rule",
                "file_id", "filename", "attempts", "attempt")) {
            assertTrue(line.has(field), field + " in " + line);
        }
        assertFalse(line.has("_node") && line.path("_node").asText().isEmpty());
        assertEquals(1, Postgres.events(url, "intent").size());
        assertEquals(line.path("file_id").asText(), Postgres.events(url, "duplicate").get(0).path("file_id").asText());
        assertEquals(1, Postgres.events(url, "rejected").size());
        assertEquals(1, Postgres.events(url, "unmatched").size());

        // the same bytes dropped again: a duplicate from the store, nothing sent
        h.drop("later/a-again.jsonl", Harness.chat("a"));
        int before = Postgres.events(url).size();
        Harness.Run again = h.syncCapturing();
        assertEquals(0, again.exitCode(), again.stdout() + again.stderr());
        assertTrue(again.stdout().contains("0 uploaded, 1 duplicate"), again.stdout());
        assertEquals(1, provider.uploads().size());
        assertEquals(before + 1, Postgres.events(url).size(), "one duplicate line, the unmatched file not again");
        assertFalse(again.stderr().contains(Postgres.PASSWORD) || run.stderr().contains(Postgres.PASSWORD));
    }
}
