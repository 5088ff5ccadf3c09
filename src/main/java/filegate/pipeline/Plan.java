package filegate.pipeline;

import filegate.validate.Problem;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What a dry run would do, one row per file and provider, printed as a table or as JSON lines. */
public final class Plan {
    /** Problems shown inline in a rejected row; the rest are counted ("and N more"). */
    static final int PROBLEMS_SHOWN = 3;

    /**
     * verdict: upload, duplicate, rejected, unmatched, waiting.
     *
     * @param providerPurpose the purpose as the provider will receive it, when it differs from {@code purpose}
     * @param problems        a rejected row's first problems (code, line, message), at most {@value #PROBLEMS_SHOWN}
     * @param problemsTotal   how many problems validation found in all
     */
    public record Row(String source, String rule, String purpose, String fileType, String provider, long bytes,
                      String verdict, String reason, String providerPurpose, List<Problem> problems,
                      long problemsTotal) {
        public Row(String source, String rule, String purpose, String fileType, String provider, long bytes,
                   String verdict, String reason) {
            this(source, rule, purpose, fileType, provider, bytes, verdict, reason, null, List.of(), 0);
        }

        /** The purpose column: {@code evals → eval} when the provider spells it its own way. */
        String purposeShown() {
            return providerPurpose == null || purpose == null ? purpose : purpose + " → " + providerPurpose;
        }

        /** The verdict column: the reason, then the first problems with their lines. */
        String verdictShown() {
            StringBuilder sb = new StringBuilder(verdict);
            if (reason != null) {
                sb.append(": ").append(reason);
            }
            for (Problem p : problems) {
                sb.append(p.line() > 0 ? " | line " + p.line() + " " : " | ").append(p.code()).append(": ")
                        .append(p.message());
            }
            if (problemsTotal > problems.size()) {
                sb.append(" | and ").append(problemsTotal - problems.size()).append(" more");
            }
            return sb.toString();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
    }

    public synchronized List<Row> rows() {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(Row::source).thenComparing(r -> r.provider() == null ? "" : r.provider()));
        return sorted;
    }

    /** True when every file found would be uploaded or is already there. */
    public boolean allWouldUpload() {
        // a file still being written is not a problem: it is planned once it is still
        return rows().stream().allMatch(r -> r.verdict().equals("upload") || r.verdict().equals("duplicate")
                || r.verdict().equals("waiting"));
    }

    public void print(PrintStream out, boolean json) {
        List<Row> rs = rows();
        if (json) {
            for (Row r : rs) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("source", r.source());
                m.put("rule", r.rule());
                m.put("purpose", r.purpose());
                if (r.providerPurpose() != null) {
                    m.put("provider_purpose", r.providerPurpose());
                }
                m.put("file_type", r.fileType());
                m.put("provider", r.provider());
                m.put("bytes", r.bytes());
                m.put("verdict", r.verdict());
                m.put("reason", r.reason());
                if (r.problemsTotal() > 0) {
                    List<Map<String, Object>> ps = new ArrayList<>();
                    for (Problem p : r.problems()) {
                        Map<String, Object> pm = new LinkedHashMap<>();
                        pm.put("code", p.code());
                        pm.put("line", p.line());
                        pm.put("message", p.message());
                        ps.add(pm);
                    }
                    m.put("problems", ps);
                    m.put("problems_total", r.problemsTotal());
                }
                try {
                    out.println(JSON.writeValueAsString(m));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
            return;
        }
        String[] head = {"PATH", "RULE", "PURPOSE", "TYPE", "PROVIDER", "SIZE", "VERDICT"};
        List<String[]> cells = new ArrayList<>();
        cells.add(head);
        for (Row r : rs) {
            cells.add(new String[] {r.source(), dash(r.rule()), dash(r.purposeShown()), dash(r.fileType()),
                dash(r.provider()), Long.toString(r.bytes()), r.verdictShown()});
        }
        int[] w = new int[head.length];
        for (String[] c : cells) {
            for (int i = 0; i < c.length - 1; i++) {
                w[i] = Math.max(w[i], c[i].length());
            }
        }
        for (String[] c : cells) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < c.length; i++) {
                sb.append(i == c.length - 1 ? c[i] : String.format("%-" + w[i] + "s  ", c[i]));
            }
            out.println(sb.toString().stripTrailing());
        }
        out.println(totals());
    }

    public String totals() {
        List<Row> rs = rows();
        long files = rs.stream().map(Row::source).distinct().count();
        long upload = rs.stream().filter(r -> r.verdict().equals("upload")).count();
        long bytes = rs.stream().filter(r -> r.verdict().equals("upload")).mapToLong(Row::bytes).sum();
        long waiting = count(rs, "waiting");
        return String.format("plan: %d file(s); %d upload(s) of %d bytes, %d duplicate, %d rejected, %d unmatched",
                files, upload, bytes, count(rs, "duplicate"), count(rs, "rejected"), count(rs, "unmatched"))
                + (waiting > 0 ? ", " + waiting + " waiting" : "");
    }

    private static long count(List<Row> rs, String verdict) {
        return rs.stream().filter(r -> r.verdict().equals(verdict)).count();
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
