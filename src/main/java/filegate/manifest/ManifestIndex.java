package filegate.manifest;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Look-ups the pipeline needs from the manifest, kept in memory and updated on every append. */
public final class ManifestIndex implements StoreIndex {
    private final ConcurrentHashMap<String, String> uploaded = new ConcurrentHashMap<>();
    private final Set<String> unmatched = ConcurrentHashMap.newKeySet();
    /** File id → when the provider expires it (epoch seconds), for uploads that asked for an expiry. */
    private final Map<String, Long> expiresAt = new ConcurrentHashMap<>();
    /** File ids the provider answered 404 for ({@code gone} lines) or that --prune deleted ({@code deleted}). */
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    private final Set<String> fileIds = ConcurrentHashMap.newKeySet();
    /** content key → the open intent (an upload that may or may not have reached the provider). */
    private final ConcurrentHashMap<String, ManifestEntry> openIntents = new ConcurrentHashMap<>();
    /** content key → the latest Uploads API upload of these bytes that was neither completed nor cancelled. */
    private final ConcurrentHashMap<String, OpenUpload> openUploads = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, OpenUpload> uploadsById = new ConcurrentHashMap<>();

    /**
     * An upload begun through the Uploads API and not finished: what a later run needs to send only the
     * missing parts.
     *
     * @param expiresAt unix seconds after which the provider no longer takes parts for it
     * @param parts     part number → part id, for the parts the provider confirmed
     */
    public record OpenUpload(String uploadId, String contentKey, long bytes, long partBytes, int partCount,
                             long expiresAt, Map<Integer, String> parts) {
    }
    /** Versions of S3 objects (source + ETag) that have an outcome line. */
    private final Set<String> versionsDone = ConcurrentHashMap.newKeySet();
    /** Of those, the ones whose latest line for some provider is {@code failed}: version -> providers. */
    private final ConcurrentHashMap<String, Set<String>> versionsFailed = new ConcurrentHashMap<>();

    void add(ManifestEntry e) {
        if (e.event == null) {
            return;
        }
        String key = contentKey(e.provider, e.purpose, e.sha256);
        switch (e.event) {
            case "intent" -> openIntents.put(key, e);
            case "upload-created" -> {
                if (e.uploadId != null && e.partBytes != null && e.bytes != null) {
                    long expires = e.expiresAt != null ? e.expiresAt
                            : Instant.parse(e.ts).getEpochSecond() + 3600;
                    OpenUpload u = new OpenUpload(e.uploadId, key, e.bytes, e.partBytes,
                            e.parts == null ? 0 : e.parts, expires, new ConcurrentHashMap<>());
                    OpenUpload before = openUploads.put(key, u);
                    if (before != null) {
                        uploadsById.remove(before.uploadId());
                    }
                    uploadsById.put(e.uploadId, u);
                }
            }
            case "part-uploaded" -> {
                OpenUpload u = e.uploadId == null ? null : uploadsById.get(e.uploadId);
                if (u != null && e.part != null && e.partId != null) {
                    u.parts().put(e.part, e.partId);
                }
            }
            case "upload-abandoned" -> {
                OpenUpload u = e.uploadId == null ? null : uploadsById.remove(e.uploadId);
                if (u != null) {
                    openUploads.remove(u.contentKey(), u);
                }
            }
            case "uploaded", "duplicate" -> {
                if (e.sha256 != null && e.fileId != null) {
                    uploaded.put(key, e.fileId);
                    fileIds.add(e.fileId);
                    if (e.expiresAt != null) {
                        expiresAt.put(e.fileId, e.expiresAt);
                    }
                }
                close(key, e);
                OpenUpload u = openUploads.remove(key);
                if (u != null) {
                    uploadsById.remove(u.uploadId());
                }
            }
            case "gone", "deleted", "processing_failed" -> {
                // the provider answered 404 for this id, Filegate deleted it (--prune), or the provider could
                // not process it: it can no longer stand for these bytes
                if (e.fileId != null) {
                    gone.add(e.fileId);
                }
            }
            case "changed" -> {
                // stored, but not the bytes this line's sha256 names: closes the intent, answers no dedup,
                // and its file id is ours (reconciliation must not adopt it for other bytes)
                if (e.fileId != null) {
                    fileIds.add(e.fileId);
                }
                close(key, e);
            }
            case "failed" -> {
                if (!Boolean.TRUE.equals(e.ambiguous)) {
                    close(key, e);
                }
            }
            case "unmatched" -> unmatched.add(unmatchedKey(e.source, e.etag != null ? e.etag : lengthOf(e)));
            default -> {
            }
        }
        if (e.etag != null && e.source != null && !"unmatched".equals(e.event)) {
            String version = versionKey(e.source, e.etag);
            versionsDone.add(version);
            String provider = String.valueOf(e.provider);
            if ("failed".equals(e.event)) {
                versionsFailed.computeIfAbsent(version, k -> ConcurrentHashMap.newKeySet()).add(provider);
            } else {
                versionsFailed.computeIfPresent(version, (k, providers) -> {
                    providers.remove(provider);
                    return providers.isEmpty() ? null : providers;
                });
            }
        }
    }

    private void close(String key, ManifestEntry outcome) {
        ManifestEntry open = openIntents.get(key);
        if (open != null && (outcome.attempt == null || outcome.attempt.equals(open.attempt)
                || "duplicate".equals(outcome.event) || "uploaded".equals(outcome.event))) {
            openIntents.remove(key);
        }
    }

    /** An upload of these bytes that began (intent line) but has no outcome: it may be at the provider. */
    @Override
    public Optional<ManifestEntry> openIntent(String provider, String purpose, String sha256) {
        return Optional.ofNullable(openIntents.get(contentKey(provider, purpose, sha256)));
    }

    /** The unfinished Uploads API upload of these bytes, if a run left one behind (or this one is sending it). */
    @Override
    public Optional<OpenUpload> openUpload(String provider, String purpose, String sha256) {
        return Optional.ofNullable(openUploads.get(contentKey(provider, purpose, sha256)));
    }

    @Override
    public int openIntentCount() {
        return openIntents.size();
    }

    /** Whether a provider file id is already accounted for by some manifest line. */
    @Override
    public boolean knownFileId(String id) {
        return fileIds.contains(id);
    }

    /** What the manifest knows of the file that holds some bytes at a provider. */
    public record Known(String fileId, Long expiresAt, boolean gone) {
        /** Whether it has expired, or will within {@code marginSeconds} (too soon to hand out as a duplicate). */
        public boolean expiredBy(long nowEpochSeconds, long marginSeconds) {
            return expiresAt != null && expiresAt <= nowEpochSeconds + marginSeconds;
        }
    }

    @Override
    public Optional<Long> expiresAt(String fileId) {
        return Optional.ofNullable(expiresAt.get(fileId));
    }

    @Override
    public boolean gone(String fileId) {
        return gone.contains(fileId);
    }

    /** The file id of an earlier upload of the same bytes to the same provider for the same purpose. */
    @Override
    public Optional<String> uploadedFileId(String provider, String purpose, String sha256) {
        return Optional.ofNullable(uploaded.get(contentKey(provider, purpose, sha256)));
    }

    @Override
    public boolean unmatchedRecorded(String source, long bytes) {
        return unmatched.contains(unmatchedKey(source, Long.toString(bytes)));
    }

    /** For sources with versions (S3): was this version (ETag) recorded as unmatched? */
    @Override
    public boolean unmatchedRecorded(String source, String etag) {
        return unmatched.contains(unmatchedKey(source, etag));
    }

    /**
     * True when this version of an S3 object already has an outcome (uploaded, duplicate, rejected or
     * failed); a new ETag is new work.
     */
    @Override
    public boolean versionDone(String source, String etag) {
        return versionsDone.contains(versionKey(source, etag));
    }

    /** True when, for some provider, the latest outcome of this version is {@code failed}. */
    @Override
    public boolean versionFailed(String source, String etag) {
        return versionsFailed.containsKey(versionKey(source, etag));
    }

    private static String contentKey(String provider, String purpose, String sha256) {
        return provider + '\n' + purpose + '\n' + sha256;
    }

    private static String lengthOf(ManifestEntry e) {
        return Long.toString(e.bytes == null ? -1 : e.bytes);
    }

    private static String unmatchedKey(String source, String version) {
        return source + '\n' + version;
    }

    private static String versionKey(String source, String etag) {
        return source + '\n' + etag;
    }
}
