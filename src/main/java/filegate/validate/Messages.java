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
    /** @param toolCallIds whether a tool message must answer the id of an earlier assistant tool call */
    record Dialect(String provider, Set<String> roles, boolean contentRequired, boolean weightOnlyOnAssistant,
                   boolean alternatingRoles, boolean toolCallIds) {
        /** Every role, content required, weight only on the assistant's, tool calls answered by id. */
        static Dialect strict(String provider) {
            return new Dialect(provider, Set.of("system", "developer", "user", "assistant", "tool", "function"),
                    true, true, false, true);
        }

        /** No developer role, roles alternate, content and weight looser, no tool call ids. */
        static Dialect alternating(String provider) {
            return new Dialect(provider, Set.of("system", "user", "assistant", "tool"), false, false, true, false);
        }
    }

    static final String ASSISTANT = "assistant";
    /** Index of "tool" in ROLES. */
    private static final int TOOL = 4;
    /** Ids of the tool calls made so far in the current messages array, which tool messages must answer. */
    private final java.util.Set<String> callIds = new java.util.HashSet<>();
    private static final String[] ROLES = {"system", "developer", "user", ASSISTANT, "tool", "function"};
    private static final char[][] ROLE_CHARS;

    static {
        ROLE_CHARS = new char[ROLES.length][];
        for (int i = 0; i < ROLES.length; i++) {
            ROLE_CHARS[i] = ROLES[i].toCharArray();
        }
    }

    private final Dialect d;
    /** Bit i set when the dialect allows ROLES[i]. */
    private final int allowed;
    /** Outcome of the last {@link #array}: message count, whether one was the assistant's, the last role. */
    int count;
    boolean assistant;
    String lastRole;
    /** Outcome of the last {@link #message}. */
    String role;
    boolean contentString;

    Messages(Dialect d) {
        this.d = d;
        int mask = 0;
        for (int i = 0; i < ROLES.length; i++) {
            if (d.roles.contains(ROLES[i])) {
                mask |= 1 << i;
            }
        }
        this.allowed = mask;
    }

    /** What a provider asks of the one message of a preference output, beyond {@link #message}'s checks. */
    @FunctionalInterface
    interface OutputRule {
        /** Called after {@link #message} read the output's first message (first token {@code t}). */
        void check(Messages m, JsonToken t, String name, int tag, LineProblems out);
    }

    /**
     * A preference pair's {@code preferred_output} / {@code non_preferred_output} ({@code name}): an array
     * of exactly one assistant message, whose first entry must also pass {@code rule}.
     */
    void preferenceOutput(JsonParser p, JsonToken v, String name, int tag, LineProblems out, OutputRule rule)
            throws IOException {
        if (v != JsonToken.START_ARRAY) {
            out.add(tag, Codes.PREFERENCE_OUTPUT_INVALID, "`" + name + "` is " + Json.kind(v)
                    + ", not an array with one assistant message");
            p.skipChildren();
            return;
        }
        int n = 0;
        JsonToken m;
        while ((m = p.nextToken()) != JsonToken.END_ARRAY) {
            message(p, m, name, n, tag, out);
            if (n == 0) {
                rule.check(this, m, name, tag, out);
            }
            n++;
        }
        if (n != 1) {
            out.add(tag, Codes.PREFERENCE_OUTPUT_INVALID, "`" + name + "` has " + n
                    + " messages; it takes exactly one assistant message");
        }
    }

    /** {@code t} is the value's first token; {@code where} names the array in messages ("messages"). */
    void array(JsonParser p, JsonToken t, String where, int tag, LineProblems out) throws IOException {
        callIds.clear();
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
            int index = count++;
            message(p, m, where, index, tag, out);
            if (role != null) {
                // roles are the interned constants of ROLES, so identity comparison is exact
                if (d.alternatingRoles && role == previous) {
                    out.add(tag, Codes.CONSECUTIVE_SAME_ROLE, where + "[" + index + "] has role "
                            + Json.quote(role) + " like the message before it; " + d.provider
                            + " wants roles to alternate");
                }
                assistant |= role == ASSISTANT;
            }
            previous = role;
            lastRole = role;
        }
        if (count == 0) {
            out.add(tag, Codes.MESSAGES_INVALID, "`" + where + "` is empty");
        }
    }

    /** The index in ROLES of the current string token, compared without building a String; -1 if none. */
    private static int known(JsonParser p) throws IOException {
        char[] c = p.getTextCharacters();
        int off = p.getTextOffset();
        int len = p.getTextLength();
        outer:
        for (int i = 0; i < ROLE_CHARS.length; i++) {
            char[] r = ROLE_CHARS[i];
            if (r.length != len) {
                continue;
            }
            for (int j = 0; j < len; j++) {
                if (c[off + j] != r[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** One message object, {@code where[index]}; leaves its role (null when missing or invalid) in {@link #role}. */
    void message(JsonParser p, JsonToken t, String where, int index, int tag, LineProblems out) throws IOException {
        role = null;
        contentString = false;
        if (t != JsonToken.START_OBJECT) {
            out.add(tag, Codes.MESSAGE_INVALID, where + "[" + index + "] is " + Json.kind(t)
                    + ", not a message object");
            p.skipChildren();
            return;
        }
        String rawRole = null;
        int known = -1;
        JsonToken roleToken = null;
        JsonToken content = null;
        boolean calls = false;
        boolean weightBad = false;
        boolean weightSeen = false;
        String weightText = null;
        String toolCallId = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "role" -> {
                    roleToken = v;
                    if (v == JsonToken.VALUE_STRING) {
                        known = known(p);
                        rawRole = known >= 0 ? ROLES[known] : p.getText();
                    }
                }
                case "content" -> {
                    content = v;
                    if (!Content.check(p, v, where, index, tag, out)) {
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
                case "tool_calls" -> {
                    calls |= v != JsonToken.VALUE_NULL;
                    ToolCalls.toolCalls(p, v, where + "[" + index + "].tool_calls", tag, out, callIds);
                }
                case "function_call" -> {
                    calls |= v != JsonToken.VALUE_NULL;
                    ToolCalls.functionCall(p, v, where + "[" + index + "].function_call", tag, out);
                }
                case "tool_call_id" -> {
                    toolCallId = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    p.skipChildren();
                }
                default -> p.skipChildren();
            }
        }
        if (known >= 0 && (allowed & (1 << known)) != 0 && !weightSeen && !calls && (known != TOOL || !d.toolCallIds)
                && (content == JsonToken.VALUE_STRING || content == JsonToken.START_ARRAY)) {
            // the common case, decided without building any message text
            role = ROLES[known];
            contentString = content == JsonToken.VALUE_STRING;
            return;
        }
        String at = where + "[" + index + "]";
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
        if (calls && role != null && role != ASSISTANT) {
            out.add(tag, Codes.TOOL_CALLS_INVALID, at + " has tool calls but only assistant messages make them");
        }
        if (role == ROLES[TOOL] && d.toolCallIds) {
            if (toolCallId == null) {
                out.add(tag, Codes.TOOL_MESSAGE_INVALID, at + " is a tool message without a string `tool_call_id`");
            } else if (!callIds.contains(toolCallId)) {
                out.add(tag, Codes.TOOL_MESSAGE_INVALID, at + " answers tool_call_id " + Json.quote(toolCallId)
                        + ", which no earlier assistant tool call has");
            }
        }
        if (content == null || content == JsonToken.VALUE_NULL) {
            boolean mayOmit = !d.contentRequired || (role == ASSISTANT && calls);
            if (!mayOmit) {
                out.add(tag, Codes.CONTENT_INVALID, at + (content == null ? " has no `content`" : ".content is null")
                        + (role == ASSISTANT ? " and no tool_calls" : ""));
            }
        }
        if (weightSeen) {
            if (weightBad) {
                out.add(tag, Codes.WEIGHT_INVALID, at + ".weight is " + weightText + "; only 0 or 1 are allowed");
            } else if (d.weightOnlyOnAssistant && role != null && role != ASSISTANT) {
                out.add(tag, Codes.WEIGHT_INVALID, at + " has a weight but only assistant messages may carry one");
            }
        }
    }
}
