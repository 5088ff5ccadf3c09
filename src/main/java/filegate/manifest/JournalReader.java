package filegate.manifest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads the journal's lines as bytes, with the position each starts at: the index records how far it
 * has read, and replaying the tail starts exactly there. A last line without a newline (a crash cut it
 * short) is handed over too.
 */
final class JournalReader {
    private static final int BUFFER = 1 << 20;

    /**
     * Receives each line without its newline; {@code line} is only valid during the call.
     * {@code terminated} is false only for a last line that has no newline.
     */
    interface Sink {
        void line(long start, byte[] line, int length, boolean terminated) throws IOException;
    }

    private JournalReader() {
    }

    /** Reads from {@code from} to the end of the file; returns the position after the last byte read. */
    static long read(Path file, long from, Sink sink) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(BUFFER);
            byte[] line = new byte[8192];
            int len = 0;
            long pos = from;
            long lineStart = from;
            int n;
            while ((n = ch.read(buf, pos)) > 0) {
                byte[] a = buf.array();
                for (int i = 0; i < n; i++) {
                    byte b = a[i];
                    if (b == '\n') {
                        sink.line(lineStart, line, len, true);
                        len = 0;
                        lineStart = pos + i + 1;
                    } else {
                        if (len == line.length) {
                            line = Arrays.copyOf(line, line.length * 2);
                        }
                        line[len++] = b;
                    }
                }
                pos += n;
                buf.clear();
            }
            if (len > 0) {
                sink.line(lineStart, line, len, false);
            }
            return pos;
        }
    }

    /** The checksum the index keeps of a line, to tell later that the journal still holds it there. */
    static long checksum(byte[] line, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(line, offset, length);
        return crc.getValue();
    }

    /** The checksum of the bytes in {@code [start, end)} of the file, or -1 when the file is shorter. */
    static long checksumAt(Path file, long start, long end) throws IOException {
        if (end - start > Integer.MAX_VALUE || start < 0 || end < start) {
            return -1;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() < end) {
                return -1;
            }
            ByteBuffer b = ByteBuffer.allocate((int) (end - start));
            while (b.hasRemaining()) {
                if (ch.read(b, start + b.position()) < 0) {
                    return -1;
                }
            }
            return checksum(b.array(), 0, b.capacity());
        }
    }
}
