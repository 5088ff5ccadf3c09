package filegate.validate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * CSV as Python's csv module reads it (RFC 4180 quoting, blank lines skipped): a header row with non-empty,
 * distinct names, then rows with as many fields as the header, at least one of them. Streams byte by byte; only
 * the header's names are kept, and only up to {@value #MAX_HEADER_BYTES} bytes of them.
 */
final class CsvCheck implements ChunkReader.Sink {
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final Findings f;
    private final Utf8 utf8 = new Utf8();
    private final TextBytes bytes;
    private long physicalLine = 1;
    private long utf8ReportedLine;
    // row state
    private long rowLine = 1;
    private int fields = 1;
    private boolean rowHasChars;
    private boolean inQuotes;
    private boolean quoteSeen;
    private long quoteLine;
    // header
    private int headerFields = -1;
    private final ByteArrayOutputStream field = new ByteArrayOutputStream();
    private final Set<String> names = new HashSet<>();
    private boolean headerReported;
    private long rows;
    private boolean pendingCr;

    CsvCheck(Findings f) {
        this.f = f;
        this.bytes = new TextBytes(f);
        f.format = "csv";
    }

    @Override
    public void accept(byte[] b, int off, int len) {
        bytes.accept(b, off, len);
        for (int i = off; i < off + len; i++) {
            int c = b[i];
            if (c < 0 || utf8.incomplete()) {
                utf8.step(c & 0xFF);
                if (utf8.invalid) {
                    utf8.resetLine();
                    if (utf8ReportedLine != physicalLine) {
                        utf8ReportedLine = physicalLine;
                        f.add(Codes.INVALID_UTF8, physicalLine, "not valid UTF-8");
                    }
                }
            }
            if (pendingCr && c != '\n') {
                pendingCr = false;
                endRow();
            }
            if (inQuotes) {
                if (c == '"') {
                    inQuotes = false;
                    quoteSeen = true;
                } else {
                    if (c == '\n') {
                        physicalLine++;
                    }
                    keep(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    if (quoteSeen) {
                        // "" inside a quoted field is one quote
                        inQuotes = true;
                        quoteSeen = false;
                        keep(c);
                    } else if (!rowHasFieldChars()) {
                        inQuotes = true;
                        quoteLine = physicalLine;
                        rowHasChars = true;
                    } else {
                        keep(c);
                    }
                }
                case ',' -> {
                    quoteSeen = false;
                    rowHasChars = true;
                    endField();
                    fields++;
                }
                case '\r' -> pendingCr = true;
                case '\n' -> {
                    pendingCr = false;
                    endRow();
                    physicalLine++;
                    rowLine = physicalLine;
                }
                default -> {
                    quoteSeen = false;
                    rowHasChars = true;
                    keep(c);
                }
            }
        }
    }

    private boolean fieldStarted;

    private boolean rowHasFieldChars() {
        return fieldStarted;
    }

    private void keep(int c) {
        fieldStarted = true;
        if (headerFields < 0 && field.size() < MAX_HEADER_BYTES) {
            field.write(c);
        }
    }

    private void endField() {
        if (headerFields < 0) {
            String name = field.toString(StandardCharsets.UTF_8).strip();
            if (!headerReported) {
                if (name.isEmpty()) {
                    headerReported = true;
                    f.add(Codes.CSV_HEADER_INVALID, rowLine, "header column " + fields + " has no name");
                } else if (!names.add(name)) {
                    headerReported = true;
                    f.add(Codes.CSV_HEADER_INVALID, rowLine, "header column " + fields + " repeats the name "
                            + Json.quote(name));
                }
            }
            field.reset();
        }
        fieldStarted = false;
    }

    private void endRow() {
        if (!rowHasChars) {
            // Python's csv readers skip blank lines
            resetRow();
            return;
        }
        endField();
        if (headerFields < 0) {
            headerFields = fields;
            names.clear();
        } else {
            rows++;
            if (fields != headerFields) {
                f.add(Codes.CSV_COLUMN_COUNT, rowLine, "row has " + fields + (fields == 1 ? " field" : " fields")
                        + ", the header has " + headerFields);
            }
        }
        resetRow();
    }

    private void resetRow() {
        fields = 1;
        rowHasChars = false;
        quoteSeen = false;
        fieldStarted = false;
    }

    @Override
    public void end() {
        utf8.endOfInput();
        if (utf8.invalid && utf8ReportedLine != physicalLine) {
            f.add(Codes.INVALID_UTF8, physicalLine, "not valid UTF-8 (the file ends inside a character)");
        }
        if (inQuotes) {
            f.add(Codes.CSV_UNCLOSED_QUOTE, quoteLine, "a quoted field opened here is never closed");
        } else {
            pendingCr = false;
            endRow();
        }
        f.records = rows;
        if (headerFields < 0) {
            if (!f.has(Codes.EMPTY_FILE)) {
                f.add(Codes.CSV_HEADER_INVALID, 0, "no header row: the file has only blank lines");
            }
        } else if (rows == 0 && !inQuotes) {
            f.add(Codes.CSV_NO_ROWS, 0, "a header but no data row");
        }
    }
}
