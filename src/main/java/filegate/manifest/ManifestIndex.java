package filegate.manifest;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Look-ups the pipeline needs from the manifest, kept in memory and updated on every append. */
public final class ManifestIndex {
    private final ConcurrentHashMap<String, String> uploaded = new ConcurrentHashMap<>();
    private final Set<String> unmatched = ConcurrentHashMap.newKeySet();
    /** Versions of S3 objects (source + ETag) that have an outcome line. */
    private final Set<String> versionsDone = ConcurrentHashMap.newKeySet();
    /** Of those, the ones whose latest line for some provider is {@code failed}: version -> providers. */
    private final ConcurrentHashMap<String, Set<String>> versionsFailed = new ConcurrentHashMap<>();

    void add(ManifestEntry e) {
        if (e.event == null) {
            return;
        }
        switch (e.event) {
            case "uploaded" -> {
                if (e.sha256 != null && e.fileId != null) {
                    uploaded.put(contentKey(e.provider, e.purpose, e.sha256), e.fileId);
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

    /** The file id of an earlier upload of the same bytes to the same provider for the same purpose. */
    public Optional<String> uploadedFileId(String provider, String purpose, String sha256) {
        return Optional.ofNullable(uploaded.get(contentKey(provider, purpose, sha256)));
    }

    public boolean unmatchedRecorded(String source, long bytes) {
        return unmatched.contains(unmatchedKey(source, Long.toString(bytes)));
    }

    /** For sources with versions (S3): was this version (ETag) recorded as unmatched? */
    public boolean unmatchedRecorded(String source, String etag) {
        return unmatched.contains(unmatchedKey(source, etag));
    }

    /**
     * True when this version of an S3 object already has an outcome (uploaded, duplicate, rejected or
     * failed); a new ETag is new work.
     */
    public boolean versionDone(String source, String etag) {
        return versionsDone.contains(versionKey(source, etag));
    }

    /** True when, for some provider, the latest outcome of this version is {@code failed}. */
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
