package filegate.validate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Tells an Office Open XML package (docx, xlsx, pptx) from any other zip by walking the central directory with a
 * small buffer: constant memory however many entries the archive has (java.util.zip.ZipFile would load the whole
 * directory).
 */
final class ZipProbe {
    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CEN = 0x02014b50;
    private static final int MAX_NAME = 1024;

    private ZipProbe() {
    }

    static Sniffer.Result probe(FileChannel ch, long size) throws IOException {
        int tailLen = (int) Math.min(size, 22 + 65535);
        long tailAt = size - tailLen;
        byte[] tail = PositionalInput.read(ch, tailAt, tailLen);
        ByteBuffer t = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = -1;
        for (int i = tail.length - 22; i >= 0; i--) {
            if (t.getInt(i) == EOCD) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            return new Sniffer.Result("zip", "no end-of-central-directory record (truncated or not a zip)");
        }
        long entries = t.getShort(eocd + 10) & 0xFFFF;
        long cdSize = t.getInt(eocd + 12) & 0xFFFFFFFFL;
        long cdOffset = t.getInt(eocd + 16) & 0xFFFFFFFFL;
        if ((entries == 0xFFFF || cdOffset == 0xFFFFFFFFL || cdSize == 0xFFFFFFFFL) && eocd >= 20
                && t.getInt(eocd - 20) == ZIP64_LOCATOR) {
            long z64At = t.getLong(eocd - 20 + 8);
            byte[] z = PositionalInput.read(ch, z64At, 56);
            ByteBuffer zb = ByteBuffer.wrap(z).order(ByteOrder.LITTLE_ENDIAN);
            if (z.length < 56 || zb.getInt(0) != ZIP64_EOCD) {
                return new Sniffer.Result("zip", "broken ZIP64 directory locator");
            }
            entries = zb.getLong(32);
            cdSize = zb.getLong(40);
            cdOffset = zb.getLong(48);
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > size) {
            return new Sniffer.Result("zip", "central directory points past the end of the file");
        }
        boolean contentTypes = false;
        boolean word = false;
        boolean xl = false;
        boolean ppt = false;
        PositionalInput in = new PositionalInput(ch, cdOffset, cdOffset + cdSize, 16 * 1024);
        byte[] header = new byte[46];
        byte[] name = new byte[MAX_NAME];
        try {
            for (long i = 0; i < entries; i++) {
                in.readFully(header, 0, 46);
                ByteBuffer hb = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
                if (hb.getInt(0) != CEN) {
                    return new Sniffer.Result("zip", "central directory entry " + (i + 1) + " is damaged");
                }
                int nameLen = hb.getShort(28) & 0xFFFF;
                int extraLen = hb.getShort(30) & 0xFFFF;
                int commentLen = hb.getShort(32) & 0xFFFF;
                if (nameLen <= MAX_NAME) {
                    in.readFully(name, 0, nameLen);
                    String n = new String(name, 0, nameLen, StandardCharsets.UTF_8);
                    switch (n) {
                        case "[Content_Types].xml" -> contentTypes = true;
                        case "word/document.xml" -> word = true;
                        case "xl/workbook.xml" -> xl = true;
                        case "ppt/presentation.xml" -> ppt = true;
                        default -> {
                        }
                    }
                } else {
                    in.skip(nameLen);
                }
                in.skip(extraLen + (long) commentLen);
            }
        } catch (java.io.EOFException e) {
            return new Sniffer.Result("zip", "central directory is shorter than it says");
        }
        if (contentTypes && word) {
            return new Sniffer.Result("docx", null);
        }
        if (contentTypes && xl) {
            return new Sniffer.Result("xlsx", null);
        }
        if (contentTypes && ppt) {
            return new Sniffer.Result("pptx", null);
        }
        return new Sniffer.Result("zip", word ? "no [Content_Types].xml" : "no word/document.xml among "
                + entries + " entries");
    }
}
