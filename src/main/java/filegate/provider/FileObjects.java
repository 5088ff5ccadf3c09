package filegate.provider;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reading providers' JSON answers: fields of a file object as Filegate's types (an id as text, a size as a
 * number, a time as Unix seconds whether sent as a number or RFC 3339), and error bodies in every shape the
 * providers send.
 */
public final class FileObjects {
    static final ObjectMapper JSON = new ObjectMapper();

    private FileObjects() {
    }

    /**
     * Reads an error body: {@code {"error":{message,type,param,code}}} (OpenAI, Together, Azure without
     * type), a bare {@code {"message":..}} or {@code {"error":"..."}}, FastAPI's {@code {"detail":..}}
     * (impala), or plain text (LocalAI and other compatible servers).
     */
    public static ProviderError parseError(int status, String body, String requestId) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.isObject()) {
                JsonNode e = n.has("error") && n.get("error").isObject() ? n.get("error") : n;
                String message = text(e, "message");
                if (message == null && n.get("error") != null && n.get("error").isTextual()) {
                    message = n.get("error").asText();
                }
                if (message == null && n.has("detail")) {
                    message = n.get("detail").isTextual() ? n.get("detail").asText() : n.get("detail").toString();
                }
                return new ProviderError(status, message, text(e, "type"), text(e, "code"), text(e, "param"),
                        requestId);
            }
        } catch (Exception ignored) {
            // not JSON: plain-text error bodies are common on OpenAI-compatible servers
        }
        return new ProviderError(status, abbreviate(body), null, null, null, requestId);
    }

    public static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    public static Long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.canConvertToLong() ? null : v.asLong();
    }

    /** True, false, or null when absent or not a boolean (also accepts "true"/"false" strings). */
    public static Boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        String s = v.asText();
        return "true".equalsIgnoreCase(s) ? Boolean.TRUE : "false".equalsIgnoreCase(s) ? Boolean.FALSE : null;
    }

    /** Unix seconds, or an RFC 3339 string as some compatible servers (LocalAI) send. */
    public static Long time(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asLong();
        }
        String s = v.asText().trim();
        if (s.matches("\\d+")) {
            return Long.parseLong(s);
        }
        try {
            return OffsetDateTime.parse(s).toEpochSecond();
        } catch (Exception e) {
            return null;
        }
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        return t.length() <= 500 ? t : t.substring(0, 500) + "…";
    }

}
