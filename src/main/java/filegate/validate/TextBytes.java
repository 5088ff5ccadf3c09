package filegate.validate;

/**
 * What every text format asks of its bytes beyond valid UTF-8, checked the same way for CSV and TXT as for
 * JSONL: no byte-order mark at the start (Python's csv and json readers, which the providers' checkers use,
 * take it for part of the first field) and no NUL byte (a binary file with a text extension). Reported once
 * per line, with its line number; memory does not depend on the file.
 */
final class TextBytes {
    private static final int[] BOM = {0xEF, 0xBB, 0xBF};

    private final Findings f;
    private long line = 1;
    private long offset;
    private long nulReportedLine;

    TextBytes(Findings f) {
        this.f = f;
    }

    void accept(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++, offset++) {
            int c = b[i] & 0xFF;
            if (offset < BOM.length) {
                if (c != BOM[(int) offset]) {
                    offset = Long.MAX_VALUE / 2; // not a BOM: never look again
                } else if (offset == BOM.length - 1) {
                    f.add(Codes.UTF8_BOM, 1, "the file starts with a UTF-8 byte-order mark; save it without one");
                }
            }
            if (c == '\n') {
                line++;
            } else if (c == 0 && nulReportedLine != line) {
                nulReportedLine = line;
                f.add(Codes.NUL_BYTE, line, "a NUL byte: this is binary data, not text");
            }
        }
    }
}
