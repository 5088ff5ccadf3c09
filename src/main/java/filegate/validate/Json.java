package filegate.validate;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/** Small helpers for the rules, which read each line's tokens once, in order, skipping what they do not check. */
final class Json {
    private Json() {
    }

    /** Skips the value whose first token is current (a no-op for scalars). */
    static void skip(JsonParser p) throws IOException {
        p.skipChildren();
    }

    static String kind(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    /** A short, printable copy of a string value for a message. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String t = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        StringBuilder sb = new StringBuilder(t.length() + 2).append('"');
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** True for the integers 0 and 1 only (not 1.0, not "1", not true). */
    static boolean zeroOrOne(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            return false;
        }
        int v = p.getIntValue();
        return v == 0 || v == 1;
    }
}
