package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import filegate.support.EndToEnd;
import filegate.support.FakeProvider;
import filegate.support.FakeProvider.Response;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;

/** Dedup never hands out a file id that has expired or that the provider no longer has. */
class DedupReplacementTest extends EndToEnd {
    private static final String BYTES = Harness.chat("same bytes");

    private long gets(String fileId) {
        return provider.requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().endsWith("/files/" + fileId)).count();
    }

    @Test
    void an_expired_upload_is_no_dedup_answer_the_bytes_go_again_and_the_line_says_why() {
        long past = System.currentTimeMillis() / 1000 - 60;
        provider.answer(r -> {
            if (r.method().equals("POST") && r.multipart().part("file").filename().equals("a.jsonl")) {
                FakeProvider.Stored s = provider.store(r);
                return Response.json(200, FakeProvider.fileJson(s).body().replace("\"expires_at\":null",
                        "\"expires_at\":" + past));
            }
            return provider.openAiFile(r);
        });
        h.drop("fine-tune/a.jsonl", BYTES);
        assertEquals(0, h.sync());
        assertEquals(past, h.manifestLines("uploaded").get(0).path("expires_at").asLong());

        h.drop("fine-tune/copy.jsonl", BYTES);
        assertEquals(0, h.sync());

        assertEquals(List.of(), h.manifestLines("duplicate"));
        JsonNode again = h.manifestLines("uploaded").get(1);
        assertEquals("file-1", again.path("replaces").asText(), again.toString());
        assertEquals("expired", again.path("replaced").asText(), again.toString());
        assertEquals("file-2", again.path("file_id").asText());
    }

    @Test
    void with_verify_a_file_deleted_at_the_provider_is_replaced_and_recorded_gone() {
        h.drop("fine-tune/a.jsonl", BYTES);
        assertEquals(0, h.sync());
        provider.answer(r -> r.method().equals("GET") && r.path().endsWith("/files/file-1")
                ? Response.json(404, "{\"error\":{\"message\":\"No such File object: file-1\"}}")
                : provider.openAiFile(r));
        h.set("filegate.dedup", "verify");
        h.drop("fine-tune/copy.jsonl", BYTES);
        h.drop("fine-tune/copy2.jsonl", BYTES);

        assertEquals(0, h.sync());

        assertEquals(1, gets("file-1"), "one question per id and run");
        JsonNode gone = h.manifestLines("gone").get(0);
        assertEquals("file-1", gone.path("file_id").asText());
        JsonNode replacement = h.manifestLines("uploaded").get(1);
        assertEquals("file-1", replacement.path("replaces").asText(), replacement.toString());
        assertEquals("deleted", replacement.path("replaced").asText(), replacement.toString());
        // the second copy is a duplicate of the replacement, not of the dead id
        assertEquals("file-2", h.manifestLines("duplicate").get(0).path("file_id").asText());

        // a later run in skip mode knows file-1 is gone without asking
        h.set("filegate.dedup", "skip");
        h.drop("fine-tune/copy3.jsonl", BYTES);
        assertEquals(0, h.sync());
        assertEquals(1, gets("file-1"));
        assertEquals("file-2", h.manifestLines("duplicate").get(1).path("file_id").asText());
    }

    @Test
    void with_verify_a_file_still_there_is_a_duplicate_after_one_question() {
        h.drop("fine-tune/a.jsonl", BYTES);
        assertEquals(0, h.sync());
        provider.answer(r -> r.method().equals("GET") && r.path().endsWith("/files/file-1")
                ? FakeProvider.fileJson(provider.stored().get(0)) : provider.openAiFile(r));
        h.set("filegate.dedup", "verify");
        h.drop("fine-tune/copy.jsonl", BYTES);
        h.drop("fine-tune/copy2.jsonl", BYTES);

        assertEquals(0, h.sync());

        assertEquals(2, h.manifestLines("duplicate").size());
        assertEquals(1, gets("file-1"));
        assertTrue(h.manifestLines("gone").isEmpty());
    }
}
