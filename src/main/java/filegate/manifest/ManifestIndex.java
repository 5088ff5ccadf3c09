package filegate.manifest;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Look-ups the pipeline needs from the manifest, kept in memory and updated on every append. */
public final class ManifestIndex {
    private final ConcurrentHashMap<String, String> uploaded = new ConcurrentHashMap<>();
    private final Set<String> unmatched = ConcurrentHashMap.newKeySet();

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
            case "unmatched" -> unmatched.add(unmatchedKey(e.source, e.bytes == null ? -1 : e.bytes));
            default -> {
            }
        }
    }

    /** The file id of an earlier upload of the same bytes to the same provider for the same purpose. */
    public Optional<String> uploadedFileId(String provider, String purpose, String sha256) {
        return Optional.ofNullable(uploaded.get(contentKey(provider, purpose, sha256)));
    }

    public boolean unmatchedRecorded(String source, long bytes) {
        return unmatched.contains(unmatchedKey(source, bytes));
    }

    private static String contentKey(String provider, String purpose, String sha256) {
        return provider + '\n' + purpose + '\n' + sha256;
    }

    private static String unmatchedKey(String source, long bytes) {
        return source + '\n' + bytes;
    }
}
