package filegate.validate;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The prepare step: one sequential streaming pass over a file gives its size, its sha256, what its content
 * really is, and every request's validation report. Memory does not depend on the file: one read buffer, one
 * line parser at a time, bounded problem lists, 16 bytes per batch custom_id. Parquet footers and zip central
 * directories are read by position with small buffers.
 */
public final class Preparer {
    /**
     * @param bufferBytes the read buffer; also the longest line parsed in place (longer lines are streamed
     *                    through the parser as they are read, never held whole)
     * @param sha256      false only to measure validation alone; the pipeline always wants the digest
     * @param md5         also compute md5 in the same pass (a parts upload that sends each part's digest asks for it)
     */
    public record Options(int bufferBytes, boolean sha256, boolean md5) {
        public static final Options DEFAULT = new Options(1 << 20, true, false);

        public Options(int bufferBytes, boolean sha256) {
            this(bufferBytes, sha256, false);
        }

        public Options {
            if (bufferBytes < 4096) {
                throw new IllegalArgumentException("bufferBytes must be at least 4096, not " + bufferBytes);
            }
        }
    }

    private static final Set<String> TEXT_TYPES = Set.of("jsonl", "json", "csv", "tsv", "txt", "md", "markdown",
            "html", "htm", "xml", "yaml", "yml", "tex", "log", "sql", "py", "js", "ts", "java", "c", "cpp", "h", "cs",
            "go", "rs", "rb", "php", "sh", "css");

    private Preparer() {
    }

    public static Prepared prepare(Path file, List<ValidationRequest> requests) throws IOException {
        return prepare(file, requests, Options.DEFAULT);
    }

    public static Prepared prepare(Path file, List<ValidationRequest> requests, Options options) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            Sniffer.Result sniff = Sniffer.sniff(ch, size);
            List<Findings> findings = new ArrayList<>(requests.size());
            List<JsonlScanner.Target> jsonl = new ArrayList<>();
            List<ChunkReader.Sink> sinks = new ArrayList<>();
            List<Findings> parquet = new ArrayList<>();
            for (ValidationRequest r : requests) {
                findings.add(plan(r, size, sniff, jsonl, sinks, parquet));
            }
            MessageDigest sha = options.sha256() ? sha256() : null;
            MessageDigest md5 = options.md5() ? digest("MD5") : null;
            if (md5 != null) {
                sinks.add(new ChunkReader.Sink() {
                    @Override
                    public void accept(byte[] b, int off, int len) {
                        md5.update(b, off, len);
                    }

                    @Override
                    public void end() {
                    }
                });
            }
            ChunkReader reader = new ChunkReader(ch, sha, sinks);
            if (!jsonl.isEmpty()) {
                new JsonlScanner(jsonl, ch, reader, options.bufferBytes()).run();
            } else {
                byte[] buf = new byte[options.bufferBytes()];
                while (reader.read(buf, 0, buf.length) >= 0) {
                    // hashing and the byte-level checks happen inside read
                }
            }
            reader.end();
            for (Findings f : parquet) {
                checkParquet(f, ch, size);
            }
            List<ValidationReport> reports = new ArrayList<>(findings.size());
            for (Findings f : findings) {
                reports.add(f.build());
            }
            return new Prepared(reader.total, sha == null ? null : HexFormat.of().formatHex(sha.digest()),
                    sniff.type(), reports, md5 == null ? null : HexFormat.of().formatHex(md5.digest()));
        }
    }

    private static Findings plan(ValidationRequest r, long size, Sniffer.Result sniff,
                                 List<JsonlScanner.Target> jsonl, List<ChunkReader.Sink> sinks,
                                 List<Findings> parquet) {
        String provider = r.providerType();
        String purpose = r.purpose();
        String type = r.fileType();
        Checks checks = r.checks();
        Findings f = new Findings(r, "unchecked");

        if (size == 0) {
            f.add(Codes.EMPTY_FILE, 0, "the file is empty");
            f.skipContent = true;
        }
        // the request's limit is the instance's, overrides applied: the profile's per-purpose limits are in it
        long limit = r.maxBytes();
        if (size > limit) {
            f.add(Codes.FILE_TOO_LARGE, 0, size + " bytes; " + (provider.isEmpty() ? "the provider" : provider)
                    + " takes at most " + limit + " bytes for purpose '" + purpose + "'");
        }

        String[] refusal = checks.refusal(purpose, type);
        if (refusal != null) {
            f.add(refusal[0], 0, refusal[1]);
            f.skipContent = true;
        }

        if (!f.skipContent) {
            String mismatch = mismatch(type, sniff);
            if (mismatch != null) {
                f.add(type.equals("docx") && sniff.type().equals("zip") ? Codes.DOCX_NOT_OOXML
                        : Codes.CONTENT_TYPE_MISMATCH, 0, mismatch);
                f.skipContent = true;
            }
        }
        if (f.skipContent) {
            return f;
        }

        switch (type) {
            case "jsonl" -> {
                f.format = "jsonl";
                jsonl.add(new JsonlScanner.Target(f, checks.jsonlRule(purpose)));
            }
            case "csv" -> {
                if (checks.csv) {
                    sinks.add(new CsvCheck(f));
                }
            }
            case "txt" -> {
                if (checks.text) {
                    sinks.add(new TextCheck(f));
                }
            }
            case "parquet" -> {
                f.format = "parquet";
                parquet.add(f);
            }
            case "docx", "xlsx", "pptx", "pdf", "png", "jpeg", "gif", "webp", "zip" -> f.format = type;
            case "jpg" -> f.format = "jpeg";
            default -> {
            }
        }
        return f;
    }

    /** Why the content contradicts the extension, or null when it does not (or nothing is known of the type). */
    static String mismatch(String type, Sniffer.Result sniff) {
        String s = sniff.type();
        String expected = switch (type) {
            case "png", "gif", "webp", "pdf", "docx", "xlsx", "pptx", "gzip" -> type;
            case "jpg", "jpeg" -> "jpeg";
            case "gz" -> "gzip";
            case "zip" -> s.equals("docx") || s.equals("xlsx") || s.equals("pptx") ? s : "zip";
            default -> TEXT_TYPES.contains(type) ? "text" : null;
        };
        if (expected == null || expected.equals(s)) {
            return null;
        }
        if (type.equals("docx") && s.equals("zip")) {
            return "a zip archive but not a Word document: " + (sniff.detail() == null ? "no word/document.xml"
                    : sniff.detail());
        }
        return "named ." + type + " but the content is " + Sniffer.describe(s);
    }

    private static void checkParquet(Findings f, FileChannel ch, long size) throws IOException {
        ParquetFooter footer;
        try {
            footer = ParquetFooter.read(ch, size);
        } catch (ParquetFooter.Invalid e) {
            f.add(e.magic ? Codes.PARQUET_BAD_MAGIC : Codes.PARQUET_FOOTER_INVALID, 0, e.getMessage());
            return;
        }
        f.records = footer.rows;
        Checks checks = f.request.checks();
        List<String> allowed = checks.parquetColumns;
        if (allowed != null) {
            for (String c : footer.columns) {
                if (!allowed.contains(c)) {
                    f.add(Codes.PARQUET_COLUMN_NOT_ALLOWED, 0, "column " + Json.quote(c) + " is not one of "
                            + String.join(", ", allowed));
                }
            }
            if (!footer.columns.contains(allowed.get(0))) {
                f.add(Codes.PARQUET_INPUT_IDS_MISSING, 0, "no `" + allowed.get(0) + "` column (columns: "
                        + String.join(", ", footer.columns) + ")");
            }
            if (footer.rows == 0) {
                f.add(Codes.PARQUET_NO_ROWS, 0, "the Parquet file has no rows; " + checks.provider
                        + " needs at least one");
            }
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
