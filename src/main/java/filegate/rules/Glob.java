package filegate.rules;

import java.util.regex.Pattern;

/**
 * Ant-style globs on '/'-separated relative paths, case-insensitive: {@code **}&#47; matches zero or more
 * folders, {@code **} anything, {@code *} anything within one name, {@code ?} one character, and
 * {@code {a,b}} either alternative. Java's own glob makes {@code **}&#47; need at least one folder, which
 * surprises people who write {@code **}&#47;batch/*.jsonl and drop {@code batch/x.jsonl}.
 */
public final class Glob {
    private Glob() {
    }

    public static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder("^");
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                            i++;
                            re.append("(?:.*/)?");
                        } else {
                            re.append(".*");
                        }
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '{' -> {
                    braces++;
                    re.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        throw new IllegalArgumentException("unbalanced '}' in glob " + glob);
                    }
                    braces--;
                    re.append(')');
                }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces != 0) {
            throw new IllegalArgumentException("unbalanced '{' in glob " + glob);
        }
        return Pattern.compile(re.append('$').toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
