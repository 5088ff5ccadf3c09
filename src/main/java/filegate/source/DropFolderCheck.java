package filegate.source;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import filegate.lock.OwnerLock;

/** A drop folder is usable while it is a folder this process can list. */
public final class DropFolderCheck implements SourceCheck {
    private final String id;
    private final Path dir;
    private final SyncTracker owner;

    public DropFolderCheck(String id, Path dir) {
        this(id, dir, null);
    }

    /** @param owner the poll strategy that makes folders this process's own; null when not known */
    public DropFolderCheck(String id, Path dir, SyncTracker owner) {
        this.id = id;
        this.dir = dir.toAbsolutePath().normalize();
        this.owner = owner;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Optional<String> problem() {
        if (!Files.exists(dir)) {
            return Optional.of("drop folder " + dir + " does not exist; create it (or fix the route's dir)");
        }
        if (!Files.isDirectory(dir)) {
            return Optional.of("drop folder " + dir + " is not a folder");
        }
        // listing is what the consumer does; isReadable alone misses a folder without the x bit
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.iterator().hasNext();
        } catch (IOException | SecurityException e) {
            return Optional.of("drop folder " + dir + " cannot be listed by this user (" + e.getClass().getSimpleName()
                    + "); fix its permissions");
        }
        if (owner != null && !owner.ownsOrMayOwn(dir)) {
            return Optional.of("drop folder " + dir + " is being watched by another Filegate process (see "
                    + dir.resolve(OwnerLock.FOLDER_LOCK) + "); this one takes no file from it until that one stops");
        }
        return Optional.empty();
    }

    public Path dir() {
        return dir;
    }
}
