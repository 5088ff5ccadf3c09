package filegate.provider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * Reads a provider's answer without trusting its size. camel-http hands the body over as the open
 * response stream ({@code disableStreamCache=true} on every provider endpoint), so nothing is buffered
 * before this decides: an answer over its cap fails the attempt with {@link AnswerTooLargeException}
 * and the connection is dropped unread, instead of a 200 MB answer filling the heap.
 */
public final class Answers {
    /** A file object or an Uploads API object: a few hundred bytes; 1 MiB is far more than any provider sends. */
    public static final long FILE_OBJECT_CAP = 1L << 20;
    /** One page of a file list: up to 10,000 file objects at OpenAI's largest limit. */
    public static final long LIST_PAGE_CAP = 8L << 20;

    private Answers() {
    }

    /** The answer as text, at most {@code cap} bytes; the stream is closed (or the connection dropped) either way. */
    public static String read(Message msg, long cap) {
        int status = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        Object body = msg.getBody();
        if (body == null) {
            return "";
        }
        if (!(body instanceof InputStream in)) {
            String s = msg.getBody(String.class);
            if (s != null && s.length() > cap) {
                throw new AnswerTooLargeException(status, "more than " + cap);
            }
            return s == null ? "" : s;
        }
        try {
            Long declared = msg.getHeader("Content-Length", Long.class);
            if (declared != null && declared > cap) {
                abort(in);
                throw new AnswerTooLargeException(status, Long.toString(declared));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                if (out.size() > cap) {
                    abort(in);
                    throw new AnswerTooLargeException(status, "more than " + cap);
                }
            }
            in.close();
            msg.setBody(null); // spent; nothing may read it again
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            abort(in);
            throw new java.io.UncheckedIOException("reading the provider's answer failed: " + e.getMessage(), e);
        }
    }

    /** Drops the connection without reading the rest: closing would drain the whole body to reuse it. */
    private static void abort(InputStream in) {
        try {
            if (in instanceof EofSensorInputStream eof) {
                eof.abort();
            } else {
                in.close();
            }
        } catch (IOException ignored) {
            // the connection is being thrown away anyway
        }
    }

    /**
     * An answer over its cap. After a 2xx the provider may well have stored the file: the outcome is
     * ambiguous and the provider's file list is consulted before anything is sent again.
     */
    public static final class AnswerTooLargeException extends UploadException {
        AnswerTooLargeException(int status, String bytes) {
            super(new ProviderError(status, "answer too large: " + bytes + " bytes", null, "answer_too_large", null,
                    null), "the provider's answer is far larger than any file object; check that base-url points at"
                    + " its Files API" + (status >= 200 && status < 300
                    ? " — it may have stored the file anyway, so its file list is checked before sending again" : ""),
                    status >= 200 && status < 300);
        }
    }
}
