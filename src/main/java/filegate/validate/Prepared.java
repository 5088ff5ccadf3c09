package filegate.validate;

import java.util.List;

/**
 * What one pass over a file found.
 *
 * @param bytes       size read
 * @param sha256      lower-case hex digest of the content; null only when the pass was asked not to hash
 * @param sniffedType what the content looks like (see {@link Sniffer}): png, jpeg, gif, webp, pdf, zip, docx, xlsx,
 *                    pptx, gzip, bzip2, xz, zstd, 7z, parquet, utf16, text, binary or empty
 * @param reports     one per request, in the order asked
 * @param md5         lower-case hex md5 when the pass was asked for it, else null
 */
public record Prepared(long bytes, String sha256, String sniffedType, List<ValidationReport> reports, String md5) {
    public Prepared {
        reports = List.copyOf(reports);
    }

    /** True when every request's report is ok. */
    public boolean ok() {
        return reports.stream().allMatch(ValidationReport::ok);
    }
}
