package filegate.lifecycle;

import filegate.provider.ProcessingStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import filegate.provider.Profiles;
import org.junit.jupiter.api.Test;

/** How each profile's file object reads as a processing verdict, from the documented file objects. */
class ProcessingStatusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ProcessingStatus.Verdict read(filegate.provider.ProviderProfile p, String json) throws Exception {
        return ProcessingStatus.of(p).orElseThrow().read(JSON.readTree(json));
    }

    @Test
    void openai_status_and_status_details() throws Exception {
        assertEquals(ProcessingStatus.State.PENDING,
                read(Profiles.OPENAI, "{\"id\":\"file-1\",\"status\":\"uploaded\",\"status_details\":null}").state());
        assertEquals(ProcessingStatus.State.PROCESSED, read(Profiles.OPENAI, "{\"id\":\"file-1\",\"status\":\"processed\"}").state());
        ProcessingStatus.Verdict error = read(Profiles.OPENAI_COMPATIBLE,
                "{\"id\":\"file-1\",\"status\":\"error\",\"status_details\":\"Invalid file format\"}");
        assertEquals(ProcessingStatus.State.FAILED, error.state());
        assertEquals("Invalid file format", error.details());
        assertTrue(ProcessingStatus.of(Profiles.IMPALA).isPresent());
    }

    @Test
    void together_processed_flag() throws Exception {
        assertEquals(ProcessingStatus.State.PENDING, read(Profiles.TOGETHER, "{\"id\":\"file-1\",\"Processed\":false}").state());
        assertEquals(ProcessingStatus.State.PROCESSED, read(Profiles.TOGETHER, "{\"id\":\"file-1\",\"Processed\":true}").state());
    }

    @Test
    void vaero_cannot_say() {
        assertTrue(ProcessingStatus.of(Profiles.VAERO).isEmpty());
    }
}
