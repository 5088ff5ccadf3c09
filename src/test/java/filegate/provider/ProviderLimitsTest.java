package filegate.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import filegate.validate.Codes;
import filegate.validate.Preparer;
import filegate.validate.ValidationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented size limits, checked on the profiles directly: files that large are too slow to make
 * in a test, and the check runs before any byte is sent.
 */
class ProviderLimitsTest {
    private static final long MB = 1_000_000L;

    private static Provider instance(ProviderProfile profile, Long maxBytes) {
        return new Provider(profile.type, profile, "https://example.invalid/v1", null, profile.authHeader,
                profile.authScheme, profile.uploadPath, null, profile.successCodes, maxBytes, null);
    }

    private static boolean takes(Provider p, String purpose, String type, long bytes) {
        return p.refusal(purpose, type, bytes, null).isEmpty();
    }

    @Test
    void openai_takes_512_mb_per_file_and_200_mb_per_batch_file() {
        Provider openai = instance(Profiles.OPENAI, null);
        assertTrue(takes(openai, "user_data", "pdf", 512 * MB));
        assertEquals(Optional.of("openai takes files of at most 512000000 bytes (488.3 MiB) for purpose 'user_data';"
                + " this one has 512000001 (488.3 MiB). If this server takes larger files, raise"
                + " filegate.providers.openai.max-bytes"), openai.refusal("user_data", "pdf", 512 * MB + 1, null));
        assertTrue(takes(openai, "batch", "jsonl", 200 * MB));
        assertTrue(openai.refusal("batch", "jsonl", 200 * MB + 1, null).orElseThrow()
                .startsWith("openai takes files of at most 200000000 bytes (190.7 MiB) for purpose 'batch'"));
    }

    @Test
    void together_takes_100_mb_batch_files_and_50_1_gib_otherwise() {
        Provider together = instance(Profiles.TOGETHER, null);
        assertTrue(takes(together, "batch", "jsonl", 100 * MB));
        assertFalse(takes(together, "batch", "jsonl", 100 * MB + 1));
        assertTrue(takes(together, "fine-tune", "jsonl", 50L << 30));
        assertFalse(takes(together, "fine-tune", "jsonl", 51L << 30));
    }

    @Test
    void max_bytes_replaces_every_limit_so_a_local_server_can_take_a_gibibyte() {
        Provider compat = instance(Profiles.OPENAI_COMPATIBLE, 2L << 30);
        assertTrue(takes(compat, "user_data", "pdf", 1L << 30));
        assertTrue(takes(compat, "batch", "jsonl", 1L << 30));
        assertFalse(takes(compat, "user_data", "pdf", (2L << 30) + 1));
        assertFalse(takes(instance(Profiles.OPENAI_COMPATIBLE, null), "user_data", "pdf", 1L << 30),
                "without max-bytes OpenAI's 512 MB applies");
    }

    @Test
    void an_expiry_is_refused_by_providers_that_cannot_set_one() {
        assertEquals(Optional.of("vaero cannot set an expiry (expires_after), but 3600 s was asked for;"
                + " drop the expiry from the rule for this provider"),
                instance(Profiles.VAERO, null).refusal("fine-tune", "txt", 10, 3600L));
        assertTrue(instance(Profiles.IMPALA, null).refusal("fine-tune", "jsonl", 10, 3600L).isEmpty());
    }

    @Test
    void every_built_in_profile_spells_only_canonical_purposes_and_answers_200() {
        for (String type : Profiles.types()) {
            ProviderProfile p = Profiles.byType(type).orElseThrow();
            assertTrue(ProviderProfile.CANONICAL_PURPOSES.containsAll(p.purposes.keySet()), type);
            assertTrue(p.successCodes.contains(200), type);
        }
        assertEquals(Set.of(200, 201), Profiles.OPENAI_COMPATIBLE.successCodes);
    }

    @Test
    void an_instance_max_bytes_is_the_limit_validation_checks_too(@TempDir Path tmp) throws Exception {
        // a sparse 300 MB batch file: over OpenAI's 200 MB batch limit, under this instance's 1 GB max-bytes
        Path f = tmp.resolve("big-batch.jsonl");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {'\n'}), 300_000_000L - 1);
        }
        Provider raised = instance(Profiles.OPENAI, 1_000_000_000L);
        Provider plain = instance(Profiles.OPENAI, null);
        assertTrue(raised.refusal("batch", "jsonl", 300_000_000L, null).isEmpty(), "planning takes it");
        List<ValidationReport> r = Preparer.prepare(f, List.of(raised.validationRequest("batch", "jsonl"),
                plain.validationRequest("batch", "jsonl")), new Preparer.Options(1 << 20, false)).reports();
        assertEquals(1_000_000_000L, r.get(0).request().maxBytes());
        assertFalse(r.get(0).counts().containsKey(Codes.FILE_TOO_LARGE), r.get(0).toString());
        assertTrue(r.get(1).counts().containsKey(Codes.FILE_TOO_LARGE), r.get(1).toString());
    }
}
