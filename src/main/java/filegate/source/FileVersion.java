package filegate.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * Which version of a drop-folder file was read: size, modification time, change time and inode. Any
 * write to the file, a replace by rename, or a touch moves at least one of them, and the change time
 * (ctime) cannot be set back by the writer, so comparing two of these tells whether the bytes may differ
 * without reading them again. Where the file system has no unix attributes only size and mtime count.
 */
public record FileVersion(long size, FileTime modified, Object changed, Object inode) {

    /** The version on disk now; a file that is gone has the version {@code null}. */
    public static FileVersion of(Path path) throws IOException {
        try {
            // through a link (follow-links=inside) it is the target whose bytes are sent: its version counts
            Map<String, Object> a = Files.readAttributes(path, "unix:size,lastModifiedTime,ctime,ino");
            return new FileVersion((Long) a.get("size"), (FileTime) a.get("lastModifiedTime"), a.get("ctime"),
                    a.get("ino"));
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            var b = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class);
            return new FileVersion(b.size(), b.lastModifiedTime(), null, b.fileKey());
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    /** How this version differs from the one on disk now, in words; null when it is the same. */
    public String changeSince(Path path) throws IOException {
        FileVersion now = of(path);
        if (now == null) {
            return "it was removed";
        }
        if (now.equals(this)) {
            return null;
        }
        if (now.size != size) {
            return "its size went from " + size + " to " + now.size + " bytes";
        }
        return now.inode != null && !now.inode.equals(inode) ? "it was replaced by another file"
                : "it was written to (same size, modified " + now.modified + ")";
    }
}
