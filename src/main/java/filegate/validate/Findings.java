package filegate.validate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The growing report of one request during a pass; keeps at most {@value ValidationReport#MAX_LISTED} problems. */
final class Findings {
    final ValidationRequest request;
    String format;
    long records;
    /** Once set, the request's format rules stop: the file is not what its name says, so line errors are noise. */
    boolean skipContent;
    private final List<Problem> listed = new ArrayList<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private long total;

    Findings(ValidationRequest request, String format) {
        this.request = request;
        this.format = format;
    }

    void add(String code, long line, String message) {
        total++;
        counts.merge(code, 1L, Long::sum);
        if (listed.size() < ValidationReport.MAX_LISTED) {
            listed.add(new Problem(code, line, message));
        } else if (line == 0) {
            // a whole-file problem (size, too few examples) says more than the hundredth bad line
            for (int i = listed.size() - 1; i >= 0; i--) {
                if (listed.get(i).line() != 0) {
                    listed.set(i, new Problem(code, line, message));
                    break;
                }
            }
        }
    }

    /** Counts problems beyond what a line keeps; they are never listed. */
    void addUnlisted(String code, long n) {
        total += n;
        counts.merge(code, n, Long::sum);
    }

    long total() {
        return total;
    }

    boolean has(String code) {
        return counts.containsKey(code);
    }

    ValidationReport build() {
        List<Problem> sorted = new ArrayList<>(listed);
        sorted.sort(Comparator.comparingLong(Problem::line));
        return new ValidationReport(request, format, records, sorted, counts, total);
    }
}
