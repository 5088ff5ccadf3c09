package filegate.validate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.List;

/**
 * The single sequential read of a pass: every byte read is hashed and shown to the byte-level checks (CSV,
 * plain text) exactly once, in file order, before the line-level checks look at it.
 */
final class ChunkReader {
    /** A check that wants every byte once, in order. */
    interface Sink {
        void accept(byte[] b, int off, int len);

        void end();
    }

    private final FileChannel ch;
    private final MessageDigest sha;
    private final List<Sink> sinks;
    long total;

    ChunkReader(FileChannel ch, MessageDigest sha, List<Sink> sinks) {
        this.ch = ch;
        this.sha = sha;
        this.sinks = sinks;
    }

    /** Reads into {@code b[off, off+len)}: the count, or -1 at the end of the file. */
    int read(byte[] b, int off, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b, off, len);
        int n;
        do {
            n = ch.read(bb);
        } while (n == 0 && len > 0);
        if (n < 0) {
            return -1;
        }
        total += n;
        if (sha != null) {
            sha.update(b, off, n);
        }
        for (int i = 0; i < sinks.size(); i++) {
            sinks.get(i).accept(b, off, n);
        }
        return n;
    }

    void end() {
        for (Sink s : sinks) {
            s.end();
        }
    }
}
