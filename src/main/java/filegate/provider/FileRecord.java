package filegate.provider;

/**
 * The provider's answer to an upload, in Filegate's terms. Unknown values are null.
 *
 * @param processed         whether the provider has already checked the file (Together's {@code Processed})
 * @param providerFileType  the file type as the provider reports it (Together's {@code FileType})
 */
public record FileRecord(String id, Long bytes, Long createdAt, String filename, String purpose, String status,
                         Long expiresAt, Boolean processed, String providerFileType) {

    /** What is known of a file uploaded earlier: its id, size and purpose. */
    public static FileRecord known(String id, long bytes, String purpose) {
        return new FileRecord(id, bytes, null, null, purpose, null, null, null, null);
    }
}
