package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import filegate.support.ChildJvm;
import filegate.support.EndToEnd;
import filegate.support.FakeProvider;
import filegate.support.FakeProvider.Response;
import filegate.support.Harness;
import org.junit.jupiter.api.Test;

/** {@code --sync}: process what is there, print a summary, exit 0 / 1 / 2. */
class SyncModeTest extends EndToEnd {
    @Test
    void sync_uploads_everything_present_prints_summary_and_exits_0() {
        for (int i = 0; i < 5; i++) {
            h.drop("fine-tune/f" + i + ".jsonl", Harness.chat("f" + i));
        }
        h.drop("notes/readme.xyz", "?");
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true));
            code = h.sync();
        } finally {
            System.setOut(old);
        }
        assertEquals(0, code);
        assertEquals(5, provider.requests().size());
        assertEquals(5, h.manifestLines("uploaded").size());
        assertEquals(1, h.manifestLines("unmatched").size());
        assertTrue(out.toString().contains("5 uploaded, 0 duplicate, 0 rejected, 0 failed, 1 unmatched"), out.toString());
        assertFalse(Files.exists(h.inbox.resolve("fine-tune/f0.jsonl")));
        assertTrue(Files.exists(h.inbox.resolve("notes/readme.xyz")));
    }

    @Test
    void sync_exits_1_when_a_file_failed() {
        provider.answer(r -> r.multipart().part("file").filename().startsWith("bad")
                ? Response.json(400, "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}")
                : provider.openAiFile(r));
        h.drop("fine-tune/good.jsonl", Harness.chat("good"));
        h.drop("fine-tune/bad.jsonl", Harness.chat("bad"));
        assertEquals(1, h.sync());
        assertEquals(1, h.manifestLines("uploaded").size());
        assertEquals(1, h.manifestLines("failed").size());
        assertTrue(Files.exists(h.inbox.resolve(".failed/fine-tune/bad.jsonl")));
        assertTrue(Files.exists(h.inbox.resolve(".failed/fine-tune/bad.jsonl.error.json")));
    }

    @Test
    void sync_of_an_empty_inbox_exits_0_at_once() {
        assertEquals(0, h.sync());
        assertEquals(0, provider.requests().size());
    }

    @Test
    void second_sync_of_the_same_bytes_records_a_duplicate_instead_of_uploading() {
        h.drop("fine-tune/a.jsonl", Harness.chat("{\"same\":true}\n"));
        assertEquals(0, h.sync());
        h.drop("fine-tune/again/a-copy.jsonl", Harness.chat("{\"same\":true}\n"));
        assertEquals(0, h.sync());
        assertEquals(1, provider.requests().size(), "the same bytes must not be uploaded twice");
        assertEquals(1, h.manifestLines("duplicate").size());
        assertEquals(h.manifestLines("uploaded").get(0).get("file_id"), h.manifestLines("duplicate").get(0).get("file_id"));
    }

    @Test
    void unknown_argument_exits_2() {
        assertEquals(2, new FilegateApp(List.of("--bogus"), Map.of()).run());
    }

    @Test
    void missing_api_key_exits_2_naming_the_variable_without_hanging() throws Exception {
        ChildJvm.Result r = ChildJvm.run(ChildJvm.projectDir(), Map.of(), List.of(
                "-Dfilegate.inbox=" + h.inbox, "-Dfilegate.manifest=" + h.manifest), "--sync");
        assertEquals(2, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("no API key for provider 'openai': set the environment variable OPENAI_API_KEY"),
                r.stderr());
        assertFalse(Files.exists(h.manifest), "nothing may be touched before the configuration is valid");
    }

    @Test
    void env_variables_and_system_properties_override_application_properties() throws Exception {
        h.drop("fine-tune/a.jsonl", Harness.chat("{}\n"));
        ChildJvm.Result r = ChildJvm.run(ChildJvm.projectDir(),
                Map.of("OPENAI_API_KEY", Harness.KEY, "FILEGATE_MANIFEST", h.manifest.toString(),
                        "FILEGATE_PROVIDERS_OPENAI_BASE_URL", provider.baseUrl()),
                List.of("-Dfilegate.inbox=" + h.inbox, "-Dfilegate.inbox.stable-ms=100"), "--sync");
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("1 uploaded"), r.stdout());
        assertEquals(1, h.manifestLines("uploaded").size());
        assertEquals("Bearer " + Harness.KEY, provider.requests().get(0).header("authorization"));
        assertFalse((r.stdout() + r.stderr()).contains(Harness.KEY), "the key must never be logged");
    }

    @Test
    void unreachable_provider_fails_the_file_after_retries_and_exits_1() {
        h.set("filegate.providers.openai.base-url", "http://127.0.0.1:9/v1");
        h.set("filegate.retry.max-attempts", "3");
        h.drop("fine-tune/a.jsonl", Harness.chat("{}\n"));
        assertEquals(1, h.sync());
        var line = h.manifestLines("failed").get(0);
        assertEquals(3, line.get("attempts").asInt());
        assertTrue(line.get("reason").asText().contains("could not talk to http://127.0.0.1:9/v1/files"), line.toString());
    }
}
