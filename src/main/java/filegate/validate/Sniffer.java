package filegate.validate;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * What a file's content is, from its first bytes (and, for zips, its central directory): the check that a name
 * does not lie. Head-based: "text" means no known magic and no NUL in the first {@value #HEAD} bytes; the line
 * validators check the rest.
 */
public final class Sniffer {
    static final int HEAD = 8192;

    private Sniffer() {
    }

    /** The sniffed type and, for zips, what was found inside. */
    record Result(String type, String detail) {
    }

    /** Sniffs the file at {@code path}: one of the types listed on {@link Prepared#sniffedType()}. */
    public static String sniff(java.nio.file.Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path)) {
            return sniff(ch, ch.size()).type();
        }
    }

    static Result sniff(FileChannel ch, long size) throws IOException {
        if (size == 0) {
            return new Result("empty", null);
        }
        byte[] h = PositionalInput.read(ch, 0, (int) Math.min(HEAD, size));
        if (starts(h, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return new Result("png", null);
        }
        if (starts(h, 0xFF, 0xD8, 0xFF)) {
            return new Result("jpeg", null);
        }
        if (starts(h, 'G', 'I', 'F', '8', '7', 'a') || starts(h, 'G', 'I', 'F', '8', '9', 'a')) {
            return new Result("gif", null);
        }
        if (h.length >= 12 && starts(h, 'R', 'I', 'F', 'F') && h[8] == 'W' && h[9] == 'E' && h[10] == 'B'
                && h[11] == 'P') {
            return new Result("webp", null);
        }
        if (starts(h, 'P', 'A', 'R', '1')) {
            return new Result("parquet", null);
        }
        if (starts(h, 'P', 'K', 3, 4) || starts(h, 'P', 'K', 5, 6) || starts(h, 'P', 'K', 7, 8)) {
            return ZipProbe.probe(ch, size);
        }
        if (starts(h, 0x1F, 0x8B)) {
            return new Result("gzip", null);
        }
        if (starts(h, 'B', 'Z', 'h')) {
            return new Result("bzip2", null);
        }
        if (starts(h, 0xFD, '7', 'z', 'X', 'Z', 0)) {
            return new Result("xz", null);
        }
        if (starts(h, 0x28, 0xB5, 0x2F, 0xFD)) {
            return new Result("zstd", null);
        }
        if (starts(h, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C)) {
            return new Result("7z", null);
        }
        if (pdfHeader(h)) {
            return new Result("pdf", null);
        }
        if (starts(h, 0xFF, 0xFE) || starts(h, 0xFE, 0xFF)) {
            return new Result("utf16", null);
        }
        for (byte b : h) {
            if (b == 0) {
                return new Result("binary", null);
            }
        }
        // invalid UTF-8 without NULs is text in a wrong or broken encoding: the line checks say where
        return new Result("text", null);
    }

    /** Readers accept the header anywhere in the first 1024 bytes (PDF 1.7 annex H, implementation note 13). */
    private static boolean pdfHeader(byte[] h) {
        int max = Math.min(h.length, 1024) - 5;
        byte[] magic = "%PDF-".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i <= max; i++) {
            for (int j = 0; j < magic.length; j++) {
                if (h[i + j] != magic[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static boolean starts(byte[] h, int... magic) {
        if (h.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((h[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** A human name for a sniffed type, for messages. */
    static String describe(String type) {
        return switch (type) {
            case "png", "jpeg", "gif", "webp" -> "a " + type.toUpperCase(java.util.Locale.ROOT) + " image";
            case "pdf" -> "a PDF document";
            case "zip" -> "a zip archive";
            case "docx", "xlsx", "pptx" -> "an Office (" + type + ") document";
            case "gzip", "bzip2", "xz", "zstd", "7z" -> type + "-compressed data";
            case "parquet" -> "a Parquet file";
            case "utf16" -> "UTF-16 text (not UTF-8)";
            case "binary" -> "binary data";
            case "empty" -> "empty";
            default -> type;
        };
    }
}
