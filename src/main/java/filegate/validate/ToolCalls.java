package filegate.validate;

import java.io.IOException;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Function calling in chat fine-tuning examples, in the shape both fine-tune dialects share: an assistant's {@code tool_calls} entries ({@code id}, {@code type: "function"},
 * {@code function.name}, {@code function.arguments} as a string holding JSON), the legacy
 * {@code function_call}, and the example's {@code tools} / {@code functions} definitions.
 */
final class ToolCalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolCalls() {
    }

    /** A message's {@code tool_calls}; the ids it declares go to {@code ids} for the tool messages after it. */
    static void toolCalls(JsonParser p, JsonToken v, String at, int tag, LineProblems out, Set<String> ids)
            throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        if (v != JsonToken.START_ARRAY) {
            out.add(tag, Codes.TOOL_CALLS_INVALID, at + " is " + Json.kind(v) + ", not an array of tool calls");
            p.skipChildren();
            return;
        }
        int i = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            String call = at + "[" + i++ + "]";
            if (t != JsonToken.START_OBJECT) {
                out.add(tag, Codes.TOOL_CALLS_INVALID, call + " is " + Json.kind(t) + ", not a tool call object");
                p.skipChildren();
                continue;
            }
            String id = null;
            String type = null;
            boolean function = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken f = p.nextToken();
                switch (name) {
                    case "id" -> id = f == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "type" -> type = f == JsonToken.VALUE_STRING ? p.getText() : "";
                    case "function" -> {
                        function = true;
                        function(p, f, call + ".function", tag, out);
                        continue;
                    }
                    default -> { }
                }
                p.skipChildren();
            }
            if (id == null || id.isEmpty()) {
                out.add(tag, Codes.TOOL_CALLS_INVALID, call + " has no string `id`");
            } else {
                ids.add(id);
            }
            if (!"function".equals(type)) {
                out.add(tag, Codes.TOOL_CALLS_INVALID, call + ".type is " + (type == null ? "missing" : Json.quote(type))
                        + "; it must be \"function\"");
            }
            if (!function) {
                out.add(tag, Codes.TOOL_CALLS_INVALID, call + " has no `function`");
            }
        }
    }

    /** The legacy {@code function_call}: {@code name} and {@code arguments} like a tool call's function. */
    static void functionCall(JsonParser p, JsonToken v, String at, int tag, LineProblems out) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        function(p, v, at, tag, out);
    }

    private static void function(JsonParser p, JsonToken v, String at, int tag, LineProblems out) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            out.add(tag, Codes.TOOL_CALLS_INVALID, at + " is " + Json.kind(v) + ", not an object with name and arguments");
            p.skipChildren();
            return;
        }
        boolean named = false;
        JsonToken args = null;
        String argsText = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken f = p.nextToken();
            if (name.equals("name")) {
                named = f == JsonToken.VALUE_STRING && !p.getText().isEmpty();
            } else if (name.equals("arguments")) {
                args = f;
                argsText = f == JsonToken.VALUE_STRING ? p.getText() : null;
            }
            p.skipChildren();
        }
        if (!named) {
            out.add(tag, Codes.TOOL_CALLS_INVALID, at + " has no string `name`");
        }
        if (args == null) {
            out.add(tag, Codes.TOOL_CALLS_INVALID, at + " has no `arguments`");
        } else if (argsText == null) {
            out.add(tag, Codes.TOOL_CALLS_INVALID, at + ".arguments is " + Json.kind(args)
                    + "; it must be a string holding JSON, e.g. \"{\\\"city\\\": \\\"Paris\\\"}\"");
        } else if (!isJson(argsText)) {
            out.add(tag, Codes.TOOL_CALLS_INVALID, at + ".arguments is not valid JSON: " + Json.quote(
                    argsText.length() > 60 ? argsText.substring(0, 60) + "..." : argsText));
        }
    }

    private static boolean isJson(String text) {
        try (JsonParser q = JSON.createParser(text)) {
            if (q.nextToken() == null) {
                return false;
            }
            q.skipChildren();
            return q.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The example's {@code tools} (each {@code {"type":"function","function":{"name":...}}}) or legacy
     * {@code functions} (each {@code {"name":...}}) definitions.
     */
    static void definitions(JsonParser p, JsonToken v, String at, int tag, LineProblems out) throws IOException {
        boolean legacy = at.endsWith("functions");
        if (v != JsonToken.START_ARRAY) {
            out.add(tag, Codes.TOOLS_INVALID, "`" + at + "` is " + Json.kind(v) + ", not an array");
            p.skipChildren();
            return;
        }
        int i = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            String def = at + "[" + i++ + "]";
            if (t != JsonToken.START_OBJECT) {
                out.add(tag, Codes.TOOLS_INVALID, def + " is " + Json.kind(t) + ", not an object");
                p.skipChildren();
                continue;
            }
            boolean named = false;
            String type = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken f = p.nextToken();
                if (legacy && name.equals("name")) {
                    named = f == JsonToken.VALUE_STRING && !p.getText().isEmpty();
                } else if (!legacy && name.equals("type")) {
                    type = f == JsonToken.VALUE_STRING ? p.getText() : "";
                } else if (!legacy && name.equals("function") && f == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String fn = p.currentName();
                        JsonToken fv = p.nextToken();
                        if (fn.equals("name")) {
                            named = fv == JsonToken.VALUE_STRING && !p.getText().isEmpty();
                        }
                        p.skipChildren();
                    }
                    continue;
                }
                p.skipChildren();
            }
            if (!legacy && !"function".equals(type)) {
                out.add(tag, Codes.TOOLS_INVALID, def + ".type is " + (type == null ? "missing" : Json.quote(type))
                        + "; it must be \"function\"");
            }
            if (!named) {
                out.add(tag, Codes.TOOLS_INVALID, def + (legacy ? "" : ".function") + " has no string `name`");
            }
        }
    }
}
