package filegate.report;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Rows printed one of three ways: aligned columns for people, one JSON object per line, or CSV (RFC 4180). */
public final class Table {
    public enum Format { TEXT, JSON, CSV }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    Table(List<String> columns) {
        this.columns = columns;
    }

    void add(Object... values) {
        rows.add(java.util.Arrays.asList(values));
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintStream out, Format format) {
        switch (format) {
            case JSON -> rows.forEach(r -> out.println(json(r)));
            case CSV -> {
                out.println(String.join(",", columns));
                rows.forEach(r -> out.println(String.join(",", r.stream().map(Table::csv).toList())));
            }
            case TEXT -> text(out);
        }
    }

    private void text(PrintStream out) {
        int[] width = new int[columns.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = columns.get(i).length();
            for (List<Object> r : rows) {
                width[i] = Math.max(width[i], cell(r.get(i)).length());
            }
        }
        line(out, new ArrayList<>(columns.stream().map(c -> (Object) c.toUpperCase()).toList()), width);
        rows.forEach(r -> line(out, r, width));
    }

    private static void line(PrintStream out, List<Object> r, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            String c = cell(r.get(i));
            b.append(c);
            if (i < width.length - 1) {
                b.append(" ".repeat(width[i] - c.length() + 2));
            }
        }
        out.println(b.toString().stripTrailing());
    }

    private static String cell(Object v) {
        return v == null ? "-" : v.toString();
    }

    private String json(List<Object> r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (r.get(i) != null) {
                m.put(columns.get(i), r.get(i));
            }
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csv(Object v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
