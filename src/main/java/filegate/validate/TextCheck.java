package filegate.validate;

/** Plain text (.txt where a profile names plainText): UTF-8 throughout, reported once per bad line; records are lines. */
final class TextCheck implements ChunkReader.Sink {
    private final Findings f;
    private final Utf8 utf8 = new Utf8();
    private final TextBytes bytes;
    private long line = 1;
    private boolean partial;

    TextCheck(Findings f) {
        this.f = f;
        this.bytes = new TextBytes(f);
        f.format = "text";
    }

    @Override
    public void accept(byte[] b, int off, int len) {
        bytes.accept(b, off, len);
        int i = off;
        int to = off + len;
        while (i < to) {
            int nl = utf8.scanLine(b, i, to);
            if (nl < 0) {
                partial = true;
                return;
            }
            endLine(false);
            partial = false;
            i = nl + 1;
        }
    }

    private void endLine(boolean atEnd) {
        if (utf8.invalid) {
            f.add(Codes.INVALID_UTF8, line, "not valid UTF-8" + (atEnd ? " (the file ends inside a character)" : ""));
        }
        utf8.resetLine();
        line++;
    }

    @Override
    public void end() {
        boolean cut = utf8.incomplete();
        utf8.endOfInput();
        if (partial || cut) {
            endLine(cut);
        }
        f.records = line - 1;
    }
}
