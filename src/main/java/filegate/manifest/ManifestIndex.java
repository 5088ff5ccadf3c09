package filegate.manifest;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;

/**
 * Look-ups the pipeline needs from the manifest, kept in the maps of an MVStore file beside it
 * ({@link IndexFile}) and updated on every append. The maps live on disk with a bounded page cache, so
 * the heap does not grow with the history. Only one thread writes at a time (the manifest's write lock);
 * MVStore maps take concurrent readers.
 */
public final class ManifestIndex implements StoreIndex {
    /** Set members are keys with this value. */
    private static final String PRESENT = "";

    /** content key → file id of the latest uploaded or duplicate line. */
    private final MVMap<String, String> uploaded;
    private final MVMap<String, String> unmatched;
    /** File id → when the provider expires it (epoch seconds), for uploads that asked for an expiry. */
    private final MVMap<String, String> expiresAt;
    /** File ids the provider answered 404 for ({@code gone} lines) or that --prune deleted ({@code deleted}). */
    private final MVMap<String, String> gone;
    private final MVMap<String, String> fileIds;
    /** content key → attempt tag + '\n' + the open intent's line (an upload that may have reached the provider). */
    private final MVMap<String, String> openIntents;
    /** content key → the latest Uploads API upload of these bytes that was neither completed nor cancelled. */
    private final MVMap<String, String> openUploads;
    /** upload id → content key, for the uploads in {@link #openUploads} and those a newer upload replaced. */
    private final MVMap<String, String> uploadsById;
    /** upload id + '\n' + part number → part id. */
    private final MVMap<String, String> parts;
    /** Versions of S3 objects (source + ETag) that have an outcome line. */
    private final MVMap<String, String> versionsDone;
    /** Of those, the ones whose latest line for some provider is {@code failed}: version → providers, '\n'-joined. */
    private final MVMap<String, String> versionsFailed;

    ManifestIndex(MVStore store) {
        uploaded = map(store, "uploaded");
        unmatched = map(store, "unmatched");
        expiresAt = map(store, "expires-at");
        gone = map(store, "gone");
        fileIds = map(store, "file-ids");
        openIntents = map(store, "open-intents");
        openUploads = map(store, "open-uploads");
        uploadsById = map(store, "uploads-by-id");
        parts = map(store, "parts");
        versionsDone = map(store, "versions-done");
        versionsFailed = map(store, "versions-failed");
    }

    private static MVMap<String, String> map(MVStore store, String name) {
        return store.openMap(name, new MVMap.Builder<String, String>().keyType(StringDataType.INSTANCE)
                .valueType(StringDataType.INSTANCE));
    }

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

    /**
     * Applies one line; the caller applies lines in journal order, one at a time.
     *
     * @param line the entry's line as it is in the journal (an open intent keeps it whole): the writer has
     *             just made it, so the entry is not serialized a second time under the journal's write lock
     */
    void add(ManifestEntry e, Supplier<String> line) {
        if (e.event == null) {
            return;
        }
        String key = contentKey(e.provider, e.purpose, e.sha256);
        switch (e.event) {
            case "intent" -> openIntents.put(key, attemptTag(e.attempt) + '\n' + line.get());
            case "upload-created" -> {
                if (e.uploadId != null && e.partBytes != null && e.bytes != null) {
                    long expires = e.expiresAt != null ? e.expiresAt
                            : Instant.parse(e.ts).getEpochSecond() + 3600;
                    String before = openUploads.put(key, e.uploadId + '\n' + e.bytes + '\n' + e.partBytes + '\n'
                            + (e.parts == null ? 0 : e.parts) + '\n' + expires);
                    if (before != null) {
                        forgetUpload(uploadIdOf(before));
                    }
                    uploadsById.put(e.uploadId, key);
                }
            }
            case "part-uploaded" -> {
                String owner = e.uploadId == null ? null : uploadsById.get(e.uploadId);
                if (owner != null && e.part != null && e.partId != null) {
                    parts.put(e.uploadId + '\n' + e.part, e.partId);
                }
            }
            case "upload-abandoned" -> {
                String owner = e.uploadId == null ? null : uploadsById.get(e.uploadId);
                if (owner != null) {
                    String open = openUploads.get(owner);
                    if (open != null && uploadIdOf(open).equals(e.uploadId)) {
                        openUploads.remove(owner);
                    }
                    forgetUpload(e.uploadId);
                }
            }
            case "uploaded", "duplicate" -> {
                if (e.sha256 != null && e.fileId != null) {
                    uploaded.put(key, e.fileId);
                    fileIds.put(e.fileId, PRESENT);
                    if (e.expiresAt != null) {
                        expiresAt.put(e.fileId, Long.toString(e.expiresAt));
                    }
                }
                close(key, e);
                String open = openUploads.remove(key);
                if (open != null) {
                    forgetUpload(uploadIdOf(open));
                }
            }
            case "gone", "deleted", "processing_failed" -> {
                // the provider answered 404 for this id, Filegate deleted it (--prune), or the provider could
                // not process it: it can no longer stand for these bytes
                if (e.fileId != null) {
                    gone.put(e.fileId, PRESENT);
                }
            }
            case "changed" -> {
                // stored, but not the bytes this line's sha256 names: closes the intent, answers no dedup,
                // and its file id is ours (reconciliation must not adopt it for other bytes)
                if (e.fileId != null) {
                    fileIds.put(e.fileId, PRESENT);
                }
                close(key, e);
            }
            case "failed" -> {
                if (!Boolean.TRUE.equals(e.ambiguous)) {
                    close(key, e);
                }
            }
            case "unmatched" -> unmatched.put(unmatchedKey(e.source, e.etag != null ? e.etag : lengthOf(e)), PRESENT);
            default -> {
            }
        }
        if (e.etag != null && e.source != null && !"unmatched".equals(e.event)) {
            String version = versionKey(e.source, e.etag);
            versionsDone.put(version, PRESENT);
            String provider = String.valueOf(e.provider);
            String failedFor = versionsFailed.get(version);
            TreeSet<String> providers = new TreeSet<>();
            if (failedFor != null) {
                providers.addAll(java.util.List.of(failedFor.split("\n")));
            }
            boolean changed = "failed".equals(e.event) ? providers.add(provider) : providers.remove(provider);
            if (changed) {
                if (providers.isEmpty()) {
                    versionsFailed.remove(version);
                } else {
                    versionsFailed.put(version, String.join("\n", providers));
                }
            }
        }
    }

    /** A replaced, abandoned or finished upload: its parts no longer count for anything. */
    private void forgetUpload(String uploadId) {
        uploadsById.remove(uploadId);
        String prefix = uploadId + '\n';
        // part keys of one upload sort together: drop that key range
        for (String k = parts.ceilingKey(prefix); k != null && k.startsWith(prefix); k = parts.higherKey(k)) {
            parts.remove(k);
        }
    }

    private void close(String key, ManifestEntry outcome) {
        String open = openIntents.get(key);
        if (open != null && (outcome.attempt == null
                || attemptTag(outcome.attempt).equals(open.substring(0, open.indexOf('\n')))
                || "duplicate".equals(outcome.event) || "uploaded".equals(outcome.event))) {
            openIntents.remove(key);
        }
    }

    /** An upload of these bytes that began (intent line) but has no outcome: it may be at the provider. */
    @Override
    public Optional<ManifestEntry> openIntent(String provider, String purpose, String sha256) {
        String open = openIntents.get(contentKey(provider, purpose, sha256));
        if (open == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Lines.parse(open.substring(open.indexOf('\n') + 1)));
        } catch (JsonProcessingException e) {
            throw new ManifestException("the manifest index holds an intent that cannot be read ("
                    + e.getOriginalMessage() + "); delete the index file beside the manifest to rebuild it", null);
        }
    }

    /** The unfinished Uploads API upload of these bytes, if a run left one behind (or this one is sending it). */
    @Override
    public Optional<OpenUpload> openUpload(String provider, String purpose, String sha256) {
        String key = contentKey(provider, purpose, sha256);
        String open = openUploads.get(key);
        if (open == null) {
            return Optional.empty();
        }
        String[] f = open.split("\n");
        Map<Integer, String> confirmed = new ConcurrentHashMap<>();
        String prefix = f[0] + '\n';
        for (String k = parts.ceilingKey(prefix); k != null && k.startsWith(prefix); k = parts.higherKey(k)) {
            confirmed.put(Integer.parseInt(k.substring(prefix.length())), parts.get(k));
        }
        return Optional.of(new OpenUpload(f[0], key, Long.parseLong(f[1]), Long.parseLong(f[2]),
                Integer.parseInt(f[3]), Long.parseLong(f[4]), confirmed));
    }

    @Override
    public int openIntentCount() {
        return openIntents.size();
    }

    /** Whether a provider file id is already accounted for by some manifest line. */
    @Override
    public boolean knownFileId(String id) {
        return fileIds.containsKey(id);
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
        return Optional.ofNullable(expiresAt.get(fileId)).map(Long::valueOf);
    }

    @Override
    public boolean gone(String fileId) {
        return gone.containsKey(fileId);
    }

    /** The file id of an earlier upload of the same bytes to the same provider for the same purpose. */
    @Override
    public Optional<String> uploadedFileId(String provider, String purpose, String sha256) {
        return Optional.ofNullable(uploaded.get(contentKey(provider, purpose, sha256)));
    }

    @Override
    public boolean unmatchedRecorded(String source, long bytes) {
        return unmatched.containsKey(unmatchedKey(source, Long.toString(bytes)));
    }

    /** For sources with versions (S3): was this version (ETag) recorded as unmatched? */
    @Override
    public boolean unmatchedRecorded(String source, String etag) {
        return unmatched.containsKey(unmatchedKey(source, etag));
    }

    /**
     * True when this version of an S3 object already has an outcome (uploaded, duplicate, rejected or
     * failed); a new ETag is new work.
     */
    @Override
    public boolean versionDone(String source, String etag) {
        return versionsDone.containsKey(versionKey(source, etag));
    }

    /** True when, for some provider, the latest outcome of this version is {@code failed}. */
    @Override
    public boolean versionFailed(String source, String etag) {
        return versionsFailed.containsKey(versionKey(source, etag));
    }

    /** Content keys of the open intents (for compaction). */
    Iterable<String> openIntentKeys() {
        return openIntents.keySet();
    }

    /** Whether an intent for these bytes is open (content key as {@link #contentKey}; for compaction). */
    boolean intentOpen(String contentKey) {
        return openIntents.containsKey(contentKey);
    }

    /** Whether this Uploads API upload is the open one for its bytes (for compaction). */
    boolean uploadOpen(String uploadId) {
        String key = uploadsById.get(uploadId);
        String open = key == null ? null : openUploads.get(key);
        return open != null && uploadIdOf(open).equals(uploadId);
    }

    /** Upload ids of the open Uploads API uploads (for compaction). */
    java.util.List<String> openUploadIds() {
        return openUploads.values().stream().map(ManifestIndex::uploadIdOf).toList();
    }

    /**
     * The first look-up answer in which the two indexes differ, or null when every map holds the same: how
     * compaction proves that the compacted journal answers as the original did.
     */
    String firstDifference(ManifestIndex other) {
        for (String name : MAPS) {
            var a = mapNamed(name).entrySet().iterator();
            var b = other.mapNamed(name).entrySet().iterator();
            while (a.hasNext() || b.hasNext()) {
                var x = a.hasNext() ? a.next() : null;
                var y = b.hasNext() ? b.next() : null;
                if (x == null || !x.equals(y)) {
                    return name + ": " + (x == null ? "(none)" : x.toString().replace('\n', ' ')) + " / "
                            + (y == null ? "(none)" : y.toString().replace('\n', ' '));
                }
            }
        }
        return null;
    }

    private static final java.util.List<String> MAPS = java.util.List.of("uploaded", "unmatched", "expires-at", "gone",
            "file-ids", "open-intents", "open-uploads", "uploads-by-id", "parts", "versions-done", "versions-failed");

    private MVMap<String, String> mapNamed(String name) {
        return switch (name) {
            case "uploaded" -> uploaded;
            case "unmatched" -> unmatched;
            case "expires-at" -> expiresAt;
            case "gone" -> gone;
            case "file-ids" -> fileIds;
            case "open-intents" -> openIntents;
            case "open-uploads" -> openUploads;
            case "uploads-by-id" -> uploadsById;
            case "parts" -> parts;
            case "versions-done" -> versionsDone;
            default -> versionsFailed;
        };
    }

    private static String uploadIdOf(String openUpload) {
        return openUpload.substring(0, openUpload.indexOf('\n'));
    }

    /** An intent's attempt as stored: an absent attempt matches no outcome's. */
    private static String attemptTag(String attempt) {
        return attempt == null ? "-" : "=" + attempt;
    }

    static String contentKey(String provider, String purpose, String sha256) {
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
