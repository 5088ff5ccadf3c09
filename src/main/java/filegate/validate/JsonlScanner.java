package filegate.validate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;

/**
 * Drives the sequential read for JSONL files: splits lines (validating UTF-8 on the way), applies the rules every
 * JSONL file has (BOM, blank, truncated, one object per line), and hands each line to the rule of every JSONL
 * request. A line is parsed in place from the read buffer with Jackson's streaming parser (no String per line);
 * a line longer than the buffer is streamed through the parser as it is read, so no line, however long, is ever
 * held whole.
 */
final class JsonlScanner {
    /** A provider's rule for each line's object. */
    interface Rule {
        /**
         * Checks one line's object; {@code p} is at its START_OBJECT and must be left at the matching END_OBJECT.
         * Returns the tag of the problems in {@code out} that apply (see {@link LineProblems}).
         */
        int object(JsonParser p, long line, LineProblems out) throws IOException;

        /** After the last line: whole-file rules (minimum examples...). */
        void finish(Findings f);
    }

    static final class Target {
        final Findings findings;
        final Rule rule;
        final LineProblems pending = new LineProblems();
        int tag;

        Target(Findings findings, Rule rule) {
            this.findings = findings;
            this.rule = rule;
        }
    }

    /**
     * Values the rules read (roles, ids, urls) are short; 1 MB of them is not data but an error, and the cap
     * keeps memory bounded. Strings that are only skipped (message content) are never materialised or capped.
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(1_000_000).maxNestingDepth(1000).maxNumberLength(1000).build())
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();

    private static final int OK = 0;
    private static final int BLANK = 1;

    private final List<Target> targets;
    private final FileChannel ch;
    private final ChunkReader reader;
    private final byte[] buf;
    private final Utf8 utf8 = new Utf8();
    private int pos;
    private int end;
    private int scanPos;
    private long bufOffset;
    private boolean eof;
    private long line;
    private long examples;
    /** The last bytes of the current line, for {@link #cutLiteral}. */
    private final byte[] tail = new byte[16];
    private int tailLen;
    /** The file ended in the middle of a multi-byte character. */
    private boolean cutCharacter;

    JsonlScanner(List<Target> targets, FileChannel ch, ChunkReader reader, int bufferSize) {
        this.targets = targets;
        this.ch = ch;
        this.reader = reader;
        this.buf = new byte[bufferSize];
    }

    void run() throws IOException {
        while (true) {
            int nl = utf8.scanLine(buf, scanPos, end);
            if (nl >= 0) {
                lineInBuffer(pos, nl, true);
                pos = nl + 1;
                scanPos = pos;
                utf8.resetLine();
                continue;
            }
            scanPos = end;
            if (eof) {
                if (pos < end) {
                    cutCharacter = utf8.incomplete();
                    utf8.endOfInput();
                    lineInBuffer(pos, end, false);
                    pos = end;
                }
                break;
            }
            if (pos == 0 && end == buf.length) {
                longLine();
                continue;
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, end - pos);
                bufOffset += pos;
                end -= pos;
                scanPos -= pos;
                pos = 0;
            }
            int n = reader.read(buf, end, buf.length - end);
            if (n < 0) {
                eof = true;
            } else {
                end += n;
            }
        }
        for (Target t : targets) {
            t.findings.records = examples;
            if (examples == 0 && !t.findings.has(Codes.EMPTY_FILE)) {
                t.findings.add(Codes.EMPTY_FILE, 0, "no JSON line at all: the file has only blank lines");
            } else if (t.rule != null) {
                t.rule.finish(t.findings);
            }
        }
    }

    private void lineInBuffer(int s, int e, boolean terminated) throws IOException {
        line++;
        tailLen = 0;
        keepTail(buf, s, e - s);
        int from = s + bom(s, e);
        if (utf8.invalid) {
            examples++;
            all(Codes.INVALID_UTF8, "not valid UTF-8" + (cutCharacter ? " (the file ends inside a character)" : ""));
            return;
        }
        boolean first = true;
        for (Target t : targets) {
            JsonParser p = FACTORY.createParser(buf, from, e - from);
            Exception error = parse(p, t);
            if (first && error == null && t.tag == -BLANK) {
                all(Codes.BLANK_LINE, "blank line: JSONL has one JSON object on every line");
                return;
            }
            if (first) {
                examples++;
                first = false;
            }
            settle(t, error, terminated);
        }
    }

    /** The line is longer than the buffer: the first request's parser reads it as it streams in. */
    private void longLine() throws IOException {
        line++;
        long start = bufOffset + pos;
        int from = pos + bom(pos, end);
        start += from - pos;
        tailLen = 0;
        LineStream in = new LineStream(from);
        Target firstTarget = targets.get(0);
        Exception firstError = parse(FACTORY.createParser(in), firstTarget);
        in.drain();
        long stop = in.stopOffset;
        boolean terminated = in.newline;
        if (utf8.invalid) {
            utf8.resetLine();
            firstTarget.pending.clear();
            examples++;
            all(Codes.INVALID_UTF8, "not valid UTF-8");
            return;
        }
        utf8.resetLine();
        if (firstError == null && firstTarget.tag == -BLANK) {
            all(Codes.BLANK_LINE, "blank line: JSONL has one JSON object on every line");
            return;
        }
        examples++;
        settle(firstTarget, firstError, terminated);
        for (int i = 1; i < targets.size(); i++) {
            Target t = targets.get(i);
            settle(t, parse(FACTORY.createParser(new RangeStream(ch, start, stop)), t), terminated);
        }
    }

    private void keepTail(byte[] b, int off, int len) {
        if (len >= tail.length) {
            System.arraycopy(b, off + len - tail.length, tail, 0, tail.length);
            tailLen = tail.length;
        } else {
            int keep = Math.min(tailLen, tail.length - len);
            System.arraycopy(tail, tailLen - keep, tail, 0, keep);
            System.arraycopy(b, off, tail, keep, len);
            tailLen = keep + len;
        }
    }

    private int bom(int s, int e) {
        if (line == 1 && e - s >= 3 && (buf[s] & 0xFF) == 0xEF && (buf[s + 1] & 0xFF) == 0xBB
                && (buf[s + 2] & 0xFF) == 0xBF) {
            all(Codes.UTF8_BOM, "the file starts with a UTF-8 byte-order mark; save it without one");
            return 3;
        }
        return 0;
    }

    /** Parses one line for one target; leaves its outcome in {@code t.tag} and {@code t.pending}. */
    private Exception parse(JsonParser p, Target t) throws IOException {
        try (p) {
            JsonToken tok = p.nextToken();
            if (tok == null) {
                t.tag = -BLANK;
                return null;
            }
            if (tok != JsonToken.START_OBJECT) {
                p.skipChildren();
                t.pending.clear();
                t.pending.add(Codes.NOT_AN_OBJECT, "the line is " + JsonErrors.kind(tok) + ", not a JSON object");
                t.tag = LineProblems.ANY;
            } else if (t.rule == null) {
                p.skipChildren();
                t.tag = LineProblems.ANY;
            } else {
                t.tag = t.rule.object(p, line, t.pending);
            }
            if (p.nextToken() != null) {
                t.pending.add(Codes.TRAILING_CONTENT, "more than one JSON value on the line (column "
                        + p.currentLocation().getColumnNr() + ")");
            }
            return null;
        } catch (JsonProcessingException e) {
            return e;
        }
    }

    private void settle(Target t, Exception error, boolean terminated) {
        if (error == null) {
            t.pending.flush(t.findings, line, t.tag);
            return;
        }
        t.pending.clear();
        JsonProcessingException e = (JsonProcessingException) error;
        String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
        if (e instanceof StreamConstraintsException) {
            String m = e.getOriginalMessage();
            int cut = m == null ? -1 : m.indexOf(", from `");
            t.findings.add(Codes.JSON_LIMIT_EXCEEDED, line, "too large to check: "
                    + (cut < 0 ? m : m.substring(0, cut) + ")"));
        } else if (JsonErrors.endOfInput(e) || (!terminated && cutLiteral())) {
            if (terminated) {
                t.findings.add(Codes.INVALID_JSON, line, "the JSON ends early" + where + ": "
                        + e.getOriginalMessage());
            } else {
                t.findings.add(Codes.TRUNCATED_LAST_LINE, line, "the last line stops in the middle of its JSON "
                        + "and has no final newline: the file looks cut off");
            }
        } else {
            t.findings.add(Codes.INVALID_JSON, line, "not valid JSON" + where + ": " + JsonErrors.firstLine(e.getOriginalMessage()));
        }
    }

    /** Whether the line, as far as kept in {@link #tail}, ends in a cut true/false/null. */
    private boolean cutLiteral() {
        return JsonErrors.cutLiteral(tail, tailLen);
    }

    private void all(String code, String message) {
        for (Target t : targets) {
            t.findings.add(code, line, message);
        }
    }

    /**
     * The bytes of the current over-long line, read on demand: each refill of the shared buffer goes through the
     * {@link ChunkReader} (hash, byte sinks) and the UTF-8/newline scan, and ends the stream at the newline.
     */
    private final class LineStream extends InputStream {
        private int rpos;
        private int avail;
        private boolean done;
        boolean newline;
        long stopOffset;

        LineStream(int from) {
            rpos = from;
            avail = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (rpos == avail) {
                if (done) {
                    return -1;
                }
                refill();
            }
            int n = Math.min(len, avail - rpos);
            System.arraycopy(buf, rpos, b, off, n);
            keepTail(buf, rpos, n);
            rpos += n;
            return n;
        }

        private void refill() throws IOException {
            bufOffset += end;
            int n = reader.read(buf, 0, buf.length);
            if (n < 0) {
                utf8.endOfInput();
                done = true;
                eof = true;
                pos = end = scanPos = 0;
                rpos = avail = 0;
                stopOffset = bufOffset;
                return;
            }
            end = n;
            rpos = 0;
            int nl = utf8.scanLine(buf, 0, n);
            if (nl >= 0) {
                avail = nl;
                done = true;
                newline = true;
                pos = scanPos = nl + 1;
                stopOffset = bufOffset + nl;
            } else {
                avail = n;
            }
        }

        void drain() throws IOException {
            keepTail(buf, rpos, avail - rpos);
            while (!done) {
                rpos = avail;
                refill();
                keepTail(buf, rpos, avail - rpos);
            }
        }

        @Override
        public void close() {
            // the file stays open for the rest of the pass
        }
    }
}
