package filegate.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;

/** How a JSONL line's parse error reads: a cut at the end of the file versus invalid JSON. */
final class JsonErrors {
    private JsonErrors() {
    }

    /**
     * Whether the line ends in the first letters of true/false/null ({@code {"a": tr}): Jackson calls that an
     * unrecognised token, but at the end of a file without a final newline it is a cut.
     */
    static boolean cutLiteral(byte[] tail, int tailLen) {
        int n = tailLen;
        int k = n;
        while (k > 0 && tail[k - 1] >= 'a' && tail[k - 1] <= 'z') {
            k--;
        }
        if (k == n || k == 0) {
            return false;
        }
        byte before = tail[k - 1];
        if (before != ':' && before != ',' && before != '[' && before != ' ' && before != '\t') {
            return false;
        }
        String word = new String(tail, k, n - k, java.nio.charset.StandardCharsets.US_ASCII);
        for (String literal : new String[] {"true", "false", "null"}) {
            if (literal.length() > word.length() && literal.startsWith(word)) {
                return true;
            }
        }
        return false;
    }

    static boolean endOfInput(JsonProcessingException e) {
        if (e instanceof JsonEOFException) {
            return true;
        }
        String m = e.getOriginalMessage();
        return m != null && m.contains("end-of-input");
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String t = nl < 0 ? s : s.substring(0, nl);
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }

    static String kind(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }
}
