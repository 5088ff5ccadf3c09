package filegate.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The problems a rule finds on the current line, held until the line is known to be valid JSON (a syntax error
 * replaces them) and until the line's format is known (problems of a key that turns out to be free data under
 * the chosen format are dropped). Bounded: a line with a million bad messages keeps {@value #KEEP}.
 */
final class LineProblems {
    static final int ANY = 0;
    private static final int KEEP = 100;

    private final List<Object[]> kept = new ArrayList<>();
    private final Map<String, Long> overflow = new LinkedHashMap<>();

    void add(int tag, String code, String message) {
        if (kept.size() < KEEP) {
            kept.add(new Object[] {tag, code, message});
        } else {
            overflow.merge(tag + " " + code, 1L, Long::sum);
        }
    }

    void add(String code, String message) {
        add(ANY, code, message);
    }

    void clear() {
        kept.clear();
        overflow.clear();
    }

    /** Moves the problems tagged {@code tag} or {@link #ANY} into the report. */
    void flush(Findings f, long line, int tag) {
        for (Object[] p : kept) {
            int t = (Integer) p[0];
            if (t == ANY || t == tag) {
                f.add((String) p[1], line, (String) p[2]);
            }
        }
        for (Map.Entry<String, Long> e : overflow.entrySet()) {
            int sp = e.getKey().indexOf(' ');
            int t = Integer.parseInt(e.getKey().substring(0, sp));
            if (t == ANY || t == tag) {
                f.addUnlisted(e.getKey().substring(sp + 1), e.getValue());
            }
        }
        clear();
    }
}
