package filegate.provider;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a provider's file object says whether the provider has finished checking the file. A profile names its
 * reader ({@link ProviderProfile.Builder#processingStatus}); a profile without one (Vaero, Anthropic, Mistral:
 * their documented file objects carry no processing state) is "not supported", which makes
 * {@code await-processed} a start-up error for it instead of a wait that can never end.
 */
public final class ProcessingStatus {
    /** Where the provider stands on one file. */
    public enum State { PROCESSED, FAILED, PENDING }

    /**
     * @param status  the provider's own word (OpenAI {@code status}, Together {@code Processed=true})
     * @param details what it said about a failure ({@code status_details}), or null
     */
    public record Verdict(State state, String status, String details) {
    }

    /** Reads one file object. */
    @FunctionalInterface
    public interface Reader {
        Verdict read(JsonNode file);
    }

    /** OpenAI's file object: {@code status} uploaded → processed | error, the reason in {@code status_details}. */
    public static final Reader OPENAI_STATUS = n -> {
        String status = FileObjects.text(n, "status");
        String details = FileObjects.text(n, "status_details");
        if ("processed".equalsIgnoreCase(status)) {
            return new Verdict(State.PROCESSED, status, details);
        }
        if ("error".equalsIgnoreCase(status) || "failed".equalsIgnoreCase(status)) {
            return new Verdict(State.FAILED, status, details);
        }
        return new Verdict(State.PENDING, status, details);
    };

    /**
     * Together's file object: {@code Processed} turns true once checked. It documents no error state, so a
     * Together file that never turns processed ends as a timeout.
     */
    public static final Reader TOGETHER_PROCESSED = n -> {
        Boolean processed = FileObjects.bool(n, "Processed");
        String status = FileObjects.text(n, "status");
        if ("error".equalsIgnoreCase(status) || "failed".equalsIgnoreCase(status)) {
            return new Verdict(State.FAILED, status, FileObjects.text(n, "status_details"));
        }
        return Boolean.TRUE.equals(processed) ? new Verdict(State.PROCESSED, "Processed=true", null)
                : new Verdict(State.PENDING, "Processed=" + processed, null);
    };

    private ProcessingStatus() {
    }

    /** The reader for this profile, or empty when its file object says nothing about processing. */
    public static Optional<Reader> of(ProviderProfile profile) {
        if (profile.listPath == null) {
            return Optional.empty(); // no file endpoint to ask
        }
        return Optional.ofNullable(profile.processingStatus);
    }
}
