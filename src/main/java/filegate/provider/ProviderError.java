package filegate.provider;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a provider said when it refused an upload: HTTP status plus its {@code error.message/type/code},
 * or the plain-text body for servers that answer without JSON.
 */
public record ProviderError(int httpStatus, String message, String type, String code, String param,
                            String requestId) {

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (httpStatus > 0) {
            m.put("http_status", httpStatus);
        }
        m.put("type", type);
        m.put("code", code);
        m.put("param", param);
        m.put("message", message);
        m.put("request_id", requestId);
        m.values().removeIf(v -> v == null);
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (httpStatus > 0) {
            sb.append("HTTP ").append(httpStatus);
        }
        if (type != null || code != null) {
            sb.append(" (").append(type == null ? "" : type);
            if (code != null) {
                sb.append(type == null ? "" : "/").append(code);
            }
            sb.append(')');
        }
        if (message != null) {
            sb.append(": ").append(message);
        }
        return sb.toString().trim();
    }
}
