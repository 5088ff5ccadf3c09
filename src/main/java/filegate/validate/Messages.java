package filegate.validate;

import java.io.IOException;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Checks a chat {@code messages} array (and single messages) as one provider sees them. One instance per rule;
 * the outcome of the last call is left in the fields for the caller's cross-message rules.
 */
final class Messages {
    /** What differs between providers. */
    record Dialect(String provider, Set<String> roles, boolean contentRequired, boolean weightOnlyOnAssistant,
                   boolean alternatingRoles) {
    }

    static final Dialect OPENAI = new Dialect("OpenAI",
            Set.of("system", "developer", "user", "assistant", "tool", "function"), true, true, false);
    static final Dialect TOGETHER = new Dialect("Together", Set.of("system", "user", "assistant", "tool"),
            false, false, true);

    private final Dialect d;
    /** Outcome of the last {@link #array}: message count, whether one was the assistant's, the last role. */
    int count;
    boolean assistant;
    String lastRole;
    /** Outcome of the last {@link #message}. */
    String role;
    boolean contentString;

    Messages(Dialect d) {
        this.d = d;
    }

    /** {@code t} is the value's first token; {@code where} names the array in messages ("messages"). */
    void array(JsonParser p, JsonToken t, String where, int tag, LineProblems out) throws IOException {
        count = 0;
        assistant = false;
        lastRole = null;
        if (t != JsonToken.START_ARRAY) {
            out.add(tag, Codes.MESSAGES_INVALID, "`" + where + "` is " + Json.kind(t) + ", not an array of messages");
            p.skipChildren();
            return;
        }
        String previous = null;
        JsonToken m;
        while ((m = p.nextToken()) != JsonToken.END_ARRAY) {
            String at = where + "[" + count + "]";
            count++;
            message(p, m, at, tag, out);
            if (role != null) {
                if (d.alternatingRoles && role.equals(previous)) {
                    out.add(tag, Codes.CONSECUTIVE_SAME_ROLE, at + " has role " + Json.quote(role)
                            + " like the message before it; " + d.provider + " wants roles to alternate");
                }
                assistant |= role.equals("assistant");
            }
            previous = role;
            lastRole = role;
        }
        if (count == 0) {
            out.add(tag, Codes.MESSAGES_INVALID, "`" + where + "` is empty");
        }
    }

    /** One message object; leaves its role (null when missing or invalid) in {@link #role}. */
    void message(JsonParser p, JsonToken t, String at, int tag, LineProblems out) throws IOException {
        role = null;
        contentString = false;
        if (t != JsonToken.START_OBJECT) {
            out.add(tag, Codes.MESSAGE_INVALID, at + " is " + Json.kind(t) + ", not a message object");
            p.skipChildren();
            return;
        }
        String rawRole = null;
        JsonToken roleToken = null;
        JsonToken content = null;
        boolean calls = false;
        boolean weightBad = false;
        boolean weightSeen = false;
        String weightText = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "role" -> {
                    roleToken = v;
                    if (v == JsonToken.VALUE_STRING) {
                        rawRole = p.getText();
                    }
                }
                case "content" -> {
                    content = v;
                    if (!Content.check(p, v, at + ".content", tag, Codes.CONTENT_INVALID, out)) {
                        content = JsonToken.NOT_AVAILABLE;
                    }
                }
                case "weight" -> {
                    weightSeen = true;
                    if (!Json.zeroOrOne(p, v)) {
                        weightBad = true;
                        weightText = v == JsonToken.VALUE_STRING ? "the string " + Json.quote(p.getText())
                                : v.isNumeric() ? p.getText() : Json.kind(v);
                    }
                    p.skipChildren();
                }
                case "tool_calls", "function_call" -> {
                    calls |= v != JsonToken.VALUE_NULL;
                    p.skipChildren();
                }
                default -> p.skipChildren();
            }
        }
        if (roleToken == null) {
            out.add(tag, Codes.ROLE_INVALID, at + " has no `role`");
        } else if (rawRole == null) {
            out.add(tag, Codes.ROLE_INVALID, at + ".role is " + Json.kind(roleToken) + ", not a string");
        } else if (!d.roles.contains(rawRole)) {
            out.add(tag, Codes.ROLE_INVALID, at + ".role " + Json.quote(rawRole) + " is not one of "
                    + String.join(", ", d.roles.stream().sorted().toList()));
        } else {
            role = rawRole;
        }
        contentString = content == JsonToken.VALUE_STRING;
        if (content == null || content == JsonToken.VALUE_NULL) {
            boolean allowed = !d.contentRequired || ("assistant".equals(role) && calls);
            if (!allowed) {
                out.add(tag, Codes.CONTENT_INVALID, at + (content == null ? " has no `content`" : ".content is null")
                        + ("assistant".equals(role) ? " and no tool_calls" : ""));
            }
        }
        if (weightSeen) {
            if (weightBad) {
                out.add(tag, Codes.WEIGHT_INVALID, at + ".weight is " + weightText + "; only 0 or 1 are allowed");
            } else if (d.weightOnlyOnAssistant && role != null && !role.equals("assistant")) {
                out.add(tag, Codes.WEIGHT_INVALID, at + " has a weight but only assistant messages may carry one");
            }
        }
    }
}
