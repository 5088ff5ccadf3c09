package filegate.validate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdict for one {@link ValidationRequest}: the first {@value #MAX_LISTED} problems in file order, and counts
 * per code over all of them, so a file with a million bad lines still gives a short report that says how bad.
 */
public final class ValidationReport {
    /** How many problems a report lists; {@link #counts()} still counts every one. */
    public static final int MAX_LISTED = 100;

    private final ValidationRequest request;
    private final String format;
    private final long records;
    private final List<Problem> problems;
    private final Map<String, Long> counts;
    private final long totalProblems;

    ValidationReport(ValidationRequest request, String format, long records, List<Problem> problems,
                     Map<String, Long> counts, long totalProblems) {
        this.request = request;
        this.format = format;
        this.records = records;
        this.problems = List.copyOf(problems);
        this.counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        this.totalProblems = totalProblems;
    }

    public ValidationRequest request() {
        return request;
    }

    public boolean ok() {
        return totalProblems == 0;
    }

    /** The first {@value #MAX_LISTED} problems, whole-file ones (line 0) first, then by line. */
    public List<Problem> problems() {
        return problems;
    }

    /** Problems per code, all of them, in the order each code was first met. */
    public Map<String, Long> counts() {
        return counts;
    }

    public long totalProblems() {
        return totalProblems;
    }

    /**
     * The data format the file was checked as: chat, preference, completion, text (text lines of the multi-format
     * fine-tune dialect, or a plain-text file), batch, jsonl (only the generic JSONL rules apply), csv, parquet, docx, or the file type for
     * images and PDFs. {@code unchecked} means no format rules exist for this provider, purpose and type: only
     * the size, emptiness and content-sniffing checks ran.
     */
    public String format() {
        return format;
    }

    /** Lines with an example (JSONL), data rows (CSV, Parquet) or lines (text) seen. */
    public long records() {
        return records;
    }

    /** A JSON-ready map for the {@code <name>.errors.json} sidecar; the caller adds rule and provider name. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", ok());
        m.put("provider_type", request.providerType());
        m.put("purpose", request.purpose());
        m.put("file_type", request.fileType());
        m.put("format", format);
        m.put("records", records);
        m.put("total_problems", totalProblems);
        m.put("counts", counts);
        List<Map<String, Object>> list = new ArrayList<>(problems.size());
        for (Problem p : problems) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("code", p.code());
            pm.put("line", p.line());
            pm.put("message", p.message());
            list.add(pm);
        }
        m.put("problems", list);
        m.put("problems_truncated", totalProblems > problems.size());
        return m;
    }

    /** One line for logs and the manifest's {@code rejected} summary. */
    public String summary() {
        if (ok()) {
            return "ok (" + format + ", " + records + " records)";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(totalProblems).append(totalProblems == 1 ? " problem" : " problems").append(" (");
        int i = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (i++ > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(" x").append(e.getValue());
        }
        sb.append(")");
        if (!problems.isEmpty()) {
            Problem first = problems.get(0);
            sb.append("; first: ").append(first.line() > 0 ? "line " + first.line() + ": " : "")
                    .append(first.message());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return request.providerType() + "/" + request.purpose() + "/" + request.fileType() + ": " + summary();
    }
}
