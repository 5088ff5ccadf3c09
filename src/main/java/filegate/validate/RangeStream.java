package filegate.validate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;

/** Re-reads a long line's bytes by position for the second and later requests on the same file. */
final class RangeStream extends InputStream {
    private final PositionalInput in;
    private long left;

    RangeStream(FileChannel ch, long from, long to) {
        this.in = new PositionalInput(ch, from, to, 64 * 1024);
        this.left = to - from;
    }

    @Override
    public int read() throws IOException {
        if (left == 0) {
            return -1;
        }
        left--;
        return in.readByte();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left == 0) {
            return -1;
        }
        int n = (int) Math.min(len, left);
        in.readFully(b, off, n);
        left -= n;
        return n;
    }
}
