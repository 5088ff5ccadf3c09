package filegate.lock;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * One Filegate process owns a manifest or a drop folder at a time: an OS lock on a small file beside it,
 * held for the life of the process and dropped by the OS when the process dies (even by SIGKILL). Two
 * processes sharing one would each think they had not sent files the other had, and upload them twice.
 * The file stays after release; deleting it could let two processes lock two different files.
 */
public final class OwnerLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private OwnerLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code file}, creating it if needed.
     *
     * @return the lock, or empty with the holder's description when another process (or another
     *         component of this one) holds it
     */
    public static Result acquire(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = holder(ch);
            ch.close();
            return new Result(null, holder.isEmpty() ? "another process" : holder);
        }
        byte[] me = describeSelf().getBytes(StandardCharsets.UTF_8);
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(me), 0);
        return new Result(new OwnerLock(ch, lock), null);
    }

    /** Either the lock taken, or who holds it. */
    public record Result(OwnerLock lock, String heldBy) {
        public Optional<OwnerLock> taken() {
            return Optional.ofNullable(lock);
        }
    }

    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(512);
        ch.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).trim();
    }

    private static String describeSelf() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "this host";
        }
        return "Filegate pid " + ProcessHandle.current().pid() + " on " + host + " since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
    }

    /** Name of the lock file inside a drop folder (a dot-file, which sources skip anyway). */
    public static final String FOLDER_LOCK = ".filegate.lock";

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the OS drops the lock with the channel or the process; nothing left to do
        }
    }
}
