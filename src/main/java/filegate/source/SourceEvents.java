package filegate.source;

import filegate.manifest.Manifest;

/**
 * What a source reports before an item exists (files no rule claims, refused entries, files still being
 * written in a dry run) and where it asks whether a version already has an outcome. The pipeline's
 * outcome recorder implements it; sources know only this interface.
 */
public interface SourceEvents {
    boolean dryRun();

    /** The manifest: its index (has this version an outcome?) and, with a shared store, its claims. */
    Manifest manifest();

    /** An entry the source will not hand over (a link out of the folder, no configured provider, ...). */
    void refuse(String source, long bytes, String code, String reason);

    /** A file no naming rule claims, recorded once per size. */
    void unmatchedOnce(String source, String rel, long bytes);

    /** An object no naming rule claims, recorded once per version. */
    void unmatchedOnce(String source, String rel, long bytes, String etag);

    /** A dry run's row for a file a run would still wait for. */
    void waiting(String source, String rel, long bytes, long ageMs, long stableMs);
}
