package filegate.validate;

import filegate.support.ProfileChecks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Content sniffing: the extension is a claim, the first bytes (and a zip's directory) are the evidence. */
class SnifferTest {
    static final byte[] PNG = HexFormat.of().parseHex("89504e470d0a1a0a0000000d49484452");
    static final byte[] JPEG = HexFormat.of().parseHex("ffd8ffe000104a464946");
    @TempDir
    Path tmp;

    Path file(String name, byte[] content) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, content);
        return p;
    }

    static byte[] zip(String... entries) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            for (String e : entries) {
                z.putNextEntry(new ZipEntry(e));
                z.write("<x/>".getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return b.toByteArray();
    }

    static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    @Test
    void sniffs_each_known_magic_and_tells_text_from_binary() throws IOException {
        assertEquals("png", Sniffer.sniff(file("a", PNG)));
        assertEquals("jpeg", Sniffer.sniff(file("b", JPEG)));
        assertEquals("gif", Sniffer.sniff(file("c", "GIF87a....".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("webp", Sniffer.sniff(file("d", "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("pdf", Sniffer.sniff(file("e", "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("pdf", Sniffer.sniff(file("e2", "\n\n%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII))),
                "readers accept a little junk before the header");
        assertEquals("gzip", Sniffer.sniff(file("f", gzip("{}\n"))));
        assertEquals("parquet", Sniffer.sniff(file("g", "PAR1....PAR1".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("zip", Sniffer.sniff(file("h", zip("a.txt", "b/c.txt"))));
        assertEquals("docx", Sniffer.sniff(file("i", zip("[Content_Types].xml", "word/document.xml"))));
        assertEquals("xlsx", Sniffer.sniff(file("j", zip("[Content_Types].xml", "xl/workbook.xml"))));
        assertEquals("zip", Sniffer.sniff(file("k", zip("word/document.xml"))), "no content types: not OOXML");
        assertEquals("text", Sniffer.sniff(file("l", "{\"a\": \"é\"}\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals("text", Sniffer.sniff(file("m", "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1))),
                "text in the wrong encoding is still text; the line checks name the line");
        assertEquals("binary", Sniffer.sniff(file("n", new byte[] {1, 2, 0, 3})));
        assertEquals("utf16", Sniffer.sniff(file("o", "{}".getBytes(StandardCharsets.UTF_16))));
        assertEquals("empty", Sniffer.sniff(file("p", new byte[0])));
    }

    @Test
    void a_zip_whose_directory_is_cut_off_is_still_a_zip_but_never_a_docx() throws IOException {
        byte[] z = zip("[Content_Types].xml", "word/document.xml");
        byte[] cut = java.util.Arrays.copyOf(z, z.length - 30);
        Sniffer.Result r;
        try (var ch = java.nio.channels.FileChannel.open(file("cut.docx", cut))) {
            r = Sniffer.sniff(ch, ch.size());
        }
        assertEquals("zip", r.type());
        assertTrue(r.detail().contains("end-of-central-directory"), r.detail());
    }

    @Test
    void names_that_lie_are_caught_for_every_declared_type() throws IOException {
        byte[] zip = zip("a.txt");
        assertMismatch("data.jsonl", zip, "zip archive");
        assertMismatch("data.jsonl", PNG, "PNG image");
        assertMismatch("data.jsonl", "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII), "PDF");
        assertMismatch("data.jsonl", gzip("{}\n"), "gzip");
        assertMismatch("data.csv", "PAR1xxxxPAR1".getBytes(StandardCharsets.US_ASCII), "Parquet");
        assertMismatch("notes.txt", PNG, "PNG image");
        assertMismatch("photo.png", JPEG, "JPEG image");
        assertMismatch("photo.jpg", PNG, "PNG image");
        assertMismatch("anim.gif", PNG, "PNG image");
        assertMismatch("pic.webp", "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII), "binary data");
        assertMismatch("paper.pdf", "hello".getBytes(StandardCharsets.US_ASCII), "text");
        assertMismatch("story.docx", "hello".getBytes(StandardCharsets.US_ASCII), "text");
        // matching pairs pass
        assertNull(Preparer.mismatch("jpg", new Sniffer.Result("jpeg", null)));
        assertNull(Preparer.mismatch("zip", new Sniffer.Result("docx", null)));
        assertNull(Preparer.mismatch("jsonl", new Sniffer.Result("text", null)));
        assertNull(Preparer.mismatch("bin", new Sniffer.Result("png", null)), "unknown types make no claim");
    }

    @Test
    void a_docx_that_is_a_plain_zip_gets_its_own_code() throws IOException {
        ValidationReport r = report("story.docx", zip("story.txt"), "vaero", "fine-tune");
        assertEquals(List.of(Codes.DOCX_NOT_OOXML), codes(r));
        assertTrue(r.problems().get(0).message().contains("word/document.xml"), r.problems().toString());
    }

    @Test
    void a_parquet_needs_its_magic_at_both_ends() throws IOException {
        byte[] headOnly = "PAR1 and then the writer crashed".getBytes(StandardCharsets.US_ASCII);
        byte[] tailOnly = "no header, only a tail: PAR1".getBytes(StandardCharsets.US_ASCII);
        ValidationReport a = report("a.parquet", headOnly, "together", "fine-tune");
        ValidationReport b = report("b.parquet", tailOnly, "together", "fine-tune");
        assertEquals(List.of(Codes.PARQUET_BAD_MAGIC), codes(a));
        assertTrue(a.problems().get(0).message().contains("end"), a.problems().toString());
        assertEquals(List.of(Codes.PARQUET_BAD_MAGIC), codes(b));
        assertTrue(b.problems().get(0).message().contains("start"), b.problems().toString());
    }

    private void assertMismatch(String name, byte[] content, String described) throws IOException {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        ValidationReport r = report(name, content, "openai", "user_data");
        assertEquals(List.of(Codes.CONTENT_TYPE_MISMATCH), codes(r), name);
        assertEquals(0, r.problems().get(0).line());
        assertTrue(r.problems().get(0).message().contains(described) && r.problems().get(0).message()
                .contains("." + ext), r.problems().get(0).message());
    }

    private ValidationReport report(String name, byte[] content, String provider, String purpose) throws IOException {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return Preparer.prepare(file(name, content), List.of(ProfileChecks.of(provider, purpose, ext)))
                .reports().get(0);
    }

    static List<String> codes(ValidationReport r) {
        return r.problems().stream().map(Problem::code).toList();
    }
}
