package filegate.manifest;

import java.util.Optional;

/**
 * What the pipeline asks the store about earlier outcomes: the JSONL manifest answers from its index file
 * ({@link ManifestIndex}, kept by {@link IndexFile}), the PostgreSQL store with one query each
 * (filegate.store.PgIndex).
 */
public interface StoreIndex {

    /** The file id of an earlier upload of the same bytes to the same provider for the same purpose. */
    Optional<String> uploadedFileId(String provider, String purpose, String sha256);

    /** When the provider expires this file (epoch seconds), if its upload asked for an expiry. */
    Optional<Long> expiresAt(String fileId);

    /** Whether the provider answered 404 for this file id (a {@code gone} line). */
    boolean gone(String fileId);

    /** The latest upload of these bytes to this provider for this purpose, with its expiry and whether it is gone. */
    default Optional<ManifestIndex.Known> uploaded(String provider, String purpose, String sha256) {
        return uploadedFileId(provider, purpose, sha256)
                .map(id -> new ManifestIndex.Known(id, expiresAt(id).orElse(null), gone(id)));
    }

    /** An upload of these bytes that began (intent line) but has no outcome: it may be at the provider. */
    Optional<ManifestEntry> openIntent(String provider, String purpose, String sha256);

    /** The unfinished Uploads API upload of these bytes, if a run left one behind (or this one is sending it). */
    Optional<ManifestIndex.OpenUpload> openUpload(String provider, String purpose, String sha256);

    int openIntentCount();

    /** Whether a provider file id is already accounted for by some manifest line. */
    boolean knownFileId(String id);

    boolean unmatchedRecorded(String source, long bytes);

    /** For sources with versions (S3): was this version (ETag) recorded as unmatched? */
    boolean unmatchedRecorded(String source, String etag);

    /** True when this version of an S3 object already has an outcome; a new ETag is new work. */
    boolean versionDone(String source, String etag);

    /** True when, for some provider, the latest outcome of this version is {@code failed}. */
    boolean versionFailed(String source, String etag);
}
