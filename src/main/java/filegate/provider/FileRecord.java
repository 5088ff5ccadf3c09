package filegate.provider;

/** The provider's answer to an upload, in Filegate's terms. Unknown values are null. */
public record FileRecord(String id, Long bytes, Long createdAt, String filename, String purpose, String status,
                         Long expiresAt) {
}
