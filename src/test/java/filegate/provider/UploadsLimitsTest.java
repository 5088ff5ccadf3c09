package filegate.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which files go through the Uploads API, and the limits that apply then; checked on instances directly. */
class UploadsLimitsTest {
    private static final long MB = 1_000_000L;
    private static final UploadsApi.Settings DEFAULTS = new UploadsApi.Settings(512 * MB,
            UploadsApi.DEFAULT_PART_BYTES, UploadsApi.DEFAULT_PARTS_IN_FLIGHT);

    private static Provider instance(ProviderProfile profile, Long maxBytes, UploadsApi.Settings uploads) {
        return new Provider(profile.type, profile, "https://example.invalid/v1", null, profile.authHeader,
                profile.authScheme, profile.uploadPath, "api-version=1", profile.successCodes, maxBytes, null,
                uploads);
    }

    @Test
    void openai_sends_files_above_512_mb_in_parts_and_takes_up_to_8_gb() {
        Provider openai = instance(Profiles.OPENAI, null, DEFAULTS);
        assertFalse(openai.usesUploadsApi(512 * MB), "512 MB still fits one request");
        assertTrue(openai.usesUploadsApi(512 * MB + 1));
        assertTrue(openai.refusal("fine-tune", "jsonl", 8_000_000_000L, null).isEmpty());
        assertTrue(openai.refusal("fine-tune", "jsonl", 8_000_000_001L, null).orElseThrow()
                .contains("the most its Uploads API accepts for one file"));
        assertTrue(openai.refusal("batch", "jsonl", 200 * MB + 1, null).isPresent(), "batch input stays at 200 MB");
        assertEquals("https://example.invalid/v1/uploads/upload_1/parts?api-version=1",
                openai.uploadsUrl("/upload_1/parts"));
    }

    @Test
    void a_part_is_at_most_64_mib_and_the_last_one_carries_the_rest() {
        assertEquals(64L << 20, UploadsApi.MAX_PART_BYTES);
        UploadsApi.Settings s = new UploadsApi.Settings(1, 4096, 1);
        assertEquals(1, s.partCount(4096));
        assertEquals(2, s.partCount(4097));
        assertEquals(128, DEFAULTS.partCount(8L << 30));
    }

    @Test
    void without_the_uploads_api_the_one_request_limit_stays() {
        Provider compat = instance(Profiles.OPENAI_COMPATIBLE, null, null);
        assertFalse(compat.usesUploadsApi(8_000_000_000L));
        assertTrue(compat.refusal("fine-tune", "jsonl", 512 * MB + 1, null).orElseThrow()
                .contains("raise filegate.providers.openai-compatible.max-bytes"));
        Provider larger = instance(Profiles.OPENAI_COMPATIBLE, 10_000_000_000L, DEFAULTS);
        assertTrue(larger.refusal("fine-tune", "jsonl", 9_000_000_000L, null).isEmpty(), "max-bytes replaces 8 GB");
    }

    @Test
    void jsonl_is_announced_as_text_jsonl() {
        assertEquals("text/jsonl", UploadsApi.mimeType("jsonl"));
        assertEquals("application/pdf", UploadsApi.mimeType("pdf"));
    }
}
