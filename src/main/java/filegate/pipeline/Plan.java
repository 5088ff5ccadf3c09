package filegate.pipeline;

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
    /** verdict: upload, duplicate, rejected, unmatched. */
    public record Row(String source, String rule, String purpose, String fileType, String provider, long bytes,
                      String verdict, String reason) {
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
        return rows().stream().allMatch(r -> r.verdict().equals("upload") || r.verdict().equals("duplicate"));
    }

    public void print(PrintStream out, boolean json) {
        List<Row> rs = rows();
        if (json) {
            for (Row r : rs) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("source", r.source());
                m.put("rule", r.rule());
                m.put("purpose", r.purpose());
                m.put("file_type", r.fileType());
                m.put("provider", r.provider());
                m.put("bytes", r.bytes());
                m.put("verdict", r.verdict());
                m.put("reason", r.reason());
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
            cells.add(new String[] {r.source(), dash(r.rule()), dash(r.purpose()), dash(r.fileType()),
                dash(r.provider()), Long.toString(r.bytes()),
                r.reason() == null ? r.verdict() : r.verdict() + ": " + r.reason()});
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
        return String.format("plan: %d file(s); %d upload(s) of %d bytes, %d duplicate, %d rejected, %d unmatched",
                files, upload, bytes, count(rs, "duplicate"), count(rs, "rejected"), count(rs, "unmatched"));
    }

    private static long count(List<Row> rs, String verdict) {
        return rs.stream().filter(r -> r.verdict().equals(verdict)).count();
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
