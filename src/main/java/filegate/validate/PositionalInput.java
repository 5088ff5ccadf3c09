package filegate.validate;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** A small buffered reader at an absolute position of a channel: for footers and directories, never whole files. */
final class PositionalInput {
    private final FileChannel ch;
    private final long limit;
    private final ByteBuffer buf;
    private long pos;

    PositionalInput(FileChannel ch, long from, long limit, int bufferSize) {
        this.ch = ch;
        this.pos = from;
        this.limit = limit;
        this.buf = ByteBuffer.allocate(bufferSize);
        buf.limit(0);
    }

    long position() {
        return pos - buf.remaining();
    }

    int readByte() throws IOException {
        if (!buf.hasRemaining()) {
            fill();
        }
        return buf.get() & 0xFF;
    }

    void readFully(byte[] dst, int off, int len) throws IOException {
        while (len > 0) {
            if (!buf.hasRemaining()) {
                fill();
            }
            int n = Math.min(len, buf.remaining());
            buf.get(dst, off, n);
            off += n;
            len -= n;
        }
    }

    void skip(long n) throws IOException {
        if (n < 0) {
            throw new EOFException("negative length");
        }
        long inBuf = Math.min(n, buf.remaining());
        buf.position(buf.position() + (int) inBuf);
        n -= inBuf;
        if (n > 0) {
            if (pos + n > limit) {
                throw new EOFException("past the end of the region");
            }
            pos += n;
        }
    }

    private void fill() throws IOException {
        if (pos >= limit) {
            throw new EOFException("past the end of the region");
        }
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), limit - pos));
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) {
                break;
            }
        }
        buf.flip();
        if (!buf.hasRemaining()) {
            throw new EOFException("file shorter than expected");
        }
        pos += buf.remaining();
    }

    /** Reads up to {@code len} bytes at {@code at}; fewer only at the end of the file. */
    static byte[] read(FileChannel ch, long at, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            int n = ch.read(b, at + b.position());
            if (n < 0) {
                break;
            }
        }
        byte[] out = new byte[b.position()];
        b.flip();
        b.get(out);
        return out;
    }
}
