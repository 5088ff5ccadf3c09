package filegate.provider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;

import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/**
 * A multipart/form-data body written straight from disk, with an exact Content-Length.
 * <p>
 * Written by hand rather than with httpclient5's builder because that one either percent-encodes
 * non-ASCII file names or adds {@code filename*}, while RFC 7578 §4.2 asks for the UTF-8 name itself.
 * Every {@link #writeTo} reopens the file, so the same body can be sent again, but the pipeline still
 * builds a fresh one per attempt.
 */
public final class MultipartBody extends AbstractHttpEntity {
    private static final byte[] CRLF = {'\r', '\n'};

    private sealed interface Part permits Text, FileRange {
        String name();
    }

    private record Text(String name, String value) implements Part {
    }

    private record FileRange(String name, String filename, String contentType, Path path, long offset, long length)
            implements Part {
    }

    private final String boundary;
    private final List<Part> parts;
    private final List<byte[]> heads = new ArrayList<>();
    private final byte[] tail;
    private final long length;
    private volatile LongConsumer progress = n -> { };
    private volatile Runnable onFirstByte = () -> { };

    private static final int CHUNK = 64 * 1024;

    private MultipartBody(String boundary, List<Part> parts) {
        super("multipart/form-data; boundary=" + boundary, null, false);
        this.boundary = boundary;
        this.parts = List.copyOf(parts);
        long total = 0;
        for (Part p : this.parts) {
            byte[] head = head(p);
            heads.add(head);
            total += head.length + bodyLength(p) + CRLF.length;
        }
        tail = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        length = total + tail.length;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Called when this attempt starts writing, for timing the transfer itself. */
    public MultipartBody onStart(Runnable listener) {
        this.onFirstByte = listener;
        return this;
    }

    /** Called with the number of file bytes written so far, for progress reporting. */
    public MultipartBody onProgress(LongConsumer listener) {
        this.progress = listener;
        return this;
    }

    private byte[] head(Part p) {
        StringBuilder sb = new StringBuilder("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(quote(p.name())).append('"');
        if (p instanceof FileRange f) {
            sb.append("; filename=\"").append(quote(f.filename())).append("\"\r\n")
                    .append("Content-Type: ").append(f.contentType());
        }
        sb.append("\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The escaping browsers use in multipart names (WHATWG HTML): only quote, CR and LF are replaced. */
    private static String quote(String s) {
        return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static long bodyLength(Part p) {
        return p instanceof FileRange f ? f.length() : ((Text) p).value().getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        onFirstByte.run();
        long sent = 0;
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            out.write(heads.get(i));
            if (p instanceof Text t) {
                out.write(t.value().getBytes(StandardCharsets.UTF_8));
            } else {
                sent = copy((FileRange) p, out, sent);
            }
            out.write(CRLF);
        }
        out.write(tail);
        out.flush();
    }

    private long copy(FileRange f, OutputStream out, long sent) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.READ)) {
            long pos = f.offset();
            long end = f.offset() + f.length();
            while (pos < end) {
                buf.clear();
                buf.limit((int) Math.min(CHUNK, end - pos));
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new IOException(f.path() + " shrank while it was being uploaded (expected "
                            + f.length() + " bytes from offset " + f.offset() + ")");
                }
                out.write(buf.array(), 0, n);
                pos += n;
                sent += n;
                progress.accept(sent);
            }
        }
        return sent;
    }

    @Override
    public InputStream getContent() throws IOException {
        // only used by diagnostics; real sends go through writeTo and never buffer the file
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        writeTo(bos);
        return new java.io.ByteArrayInputStream(bos.toByteArray());
    }

    @Override
    public boolean isRepeatable() {
        return true;
    }

    @Override
    public long getContentLength() {
        return length;
    }

    @Override
    public boolean isStreaming() {
        return false;
    }

    @Override
    public void close() {
    }

    public static final class Builder {
        private final List<Part> parts = new ArrayList<>();

        public Builder text(String name, String value) {
            parts.add(new Text(name, value));
            return this;
        }

        public Builder file(String name, String filename, String contentType, Path path, long offset, long length) {
            parts.add(new FileRange(name, filename, contentType, path, offset, length));
            return this;
        }

        public MultipartBody build() {
            // the boundary has only to be absent from the content: 96 random bits are, and ThreadLocalRandom
            // costs nothing, where SecureRandom takes a lock and reads /dev/urandom for every file
            ThreadLocalRandom random = ThreadLocalRandom.current();
            return new MultipartBody("filegate-" + HexFormat.of().toHexDigits(random.nextLong())
                    + HexFormat.of().toHexDigits(random.nextInt()), parts);
        }
    }
}
