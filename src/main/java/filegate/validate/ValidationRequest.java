package filegate.validate;

/**
 * One question asked of a file: would this provider type take it for this purpose as this file type?
 *
 * @param providerType "openai", "together", "vaero", "impala", "openai-compatible" (the last two follow OpenAI's
 *                     rules); anything else gets only the checks every file gets (size, emptiness, content sniffing)
 * @param purpose      canonical purpose: fine-tune, batch, evals, assistants, vision, user_data
 * @param fileType     lower-case extension without the dot: jsonl, csv, parquet, txt, docx, pdf, png, ...
 * @param maxBytes     the provider profile's limit for this purpose; {@link Long#MAX_VALUE} when there is none
 */
public record ValidationRequest(String providerType, String purpose, String fileType, long maxBytes) {
    public ValidationRequest {
        providerType = providerType == null ? "" : providerType.toLowerCase(java.util.Locale.ROOT);
        purpose = purpose == null ? "" : purpose;
        fileType = fileType == null ? "" : fileType.toLowerCase(java.util.Locale.ROOT);
    }

    /** The same question with no size limit of the profile's own. */
    public static ValidationRequest of(String providerType, String purpose, String fileType) {
        return new ValidationRequest(providerType, purpose, fileType, Long.MAX_VALUE);
    }
}
