package filegate.lifecycle;

import filegate.manifest.ManifestEntry;

/**
 * One upload whose processing is awaited: what its {@code processed} / {@code processing_failed} line
 * will say about it, when it is given up, and how long to wait before the next poll.
 */
final class PendingCheck {
    final String provider;
    final String fileId;
    final ManifestEntry uploaded;
    /** The drop-folder file waiting in .processing/ for this verdict (and perhaps others), or null. */
    final Hold hold;
    final long deadlineMillis;
    long delayMs;
    int polls;

    PendingCheck(ManifestEntry uploaded, Hold hold, long deadlineMillis, long firstDelayMs) {
        this.provider = uploaded.provider;
        this.fileId = uploaded.fileId;
        this.uploaded = uploaded;
        this.hold = hold;
        this.deadlineMillis = deadlineMillis;
        this.delayMs = firstDelayMs;
    }

    String key() {
        return provider + '\n' + fileId;
    }

    /** The line that settles this check, carrying what identifies the upload it is about. */
    ManifestEntry outcome(String event) {
        ManifestEntry e = new ManifestEntry(event);
        e.source = uploaded.source;
        e.etag = uploaded.etag;
        e.bytes = uploaded.bytes;
        e.sha256 = uploaded.sha256;
        e.provider = uploaded.provider;
        e.purpose = uploaded.purpose;
        e.fileType = uploaded.fileType;
        e.rule = uploaded.rule;
        e.fileId = uploaded.fileId;
        e.filename = uploaded.filename;
        e.providerPurpose = uploaded.providerPurpose;
        return e;
    }
}
