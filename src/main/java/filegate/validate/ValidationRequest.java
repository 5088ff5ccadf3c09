package filegate.validate;

/**
 * One question asked of a file: would this provider take it for this purpose as this file type?
 *
 * @param providerType the provider type, as messages and the sidecar name it; never used to pick a check
 * @param purpose  canonical purpose: fine-tune, batch, evals, assistants, vision, user_data, ...
 * @param fileType lower-case extension without the dot: jsonl, csv, parquet, txt, docx, pdf, png, ...
 * @param maxBytes the provider instance's size limit for this purpose, instance overrides applied;
 *                 {@link Long#MAX_VALUE} when there is none
 * @param checks   the validators the provider's profile names; {@link Checks#NONE} for only what every file gets
 */
public record ValidationRequest(String providerType, String purpose, String fileType, long maxBytes, Checks checks) {
    public ValidationRequest {
        providerType = providerType == null ? "" : providerType.toLowerCase(java.util.Locale.ROOT);
        purpose = purpose == null ? "" : purpose;
        fileType = fileType == null ? "" : fileType.toLowerCase(java.util.Locale.ROOT);
        checks = checks == null ? Checks.NONE : checks;
    }

    /** A question with only the checks every file gets. */
    public ValidationRequest(String providerType, String purpose, String fileType, long maxBytes) {
        this(providerType, purpose, fileType, maxBytes, Checks.NONE);
    }
}
