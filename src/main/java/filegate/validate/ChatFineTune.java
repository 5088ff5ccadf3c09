package filegate.validate;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Chat fine-tuning JSONL in the strict dialect (named by the profiles that use it): chat {@code messages} (also
 * reinforcement examples, whose other keys are free data), preference ({@code input}, {@code preferred_output},
 * {@code non_preferred_output}) or legacy {@code prompt}/{@code completion}; one format per file; at least
 * {@value #MIN_EXAMPLES} examples.
 */
final class ChatFineTune implements JsonlScanner.Rule {
    static final int MIN_EXAMPLES = 10;

    private final String provider;
    private final Messages messages;

    /** @param provider the name messages give the provider ("<provider> fine-tuning needs ...") */
    ChatFineTune(String provider) {
        this.provider = provider;
        this.messages = new Messages(Messages.Dialect.strict(provider));
    }
    private FineTuneFormat fileFormat;
    private long formatLine;
    private long examples;

    @Override
    public int object(JsonParser p, long line, LineProblems out) throws IOException {
        examples++;
        boolean hasMessages = false;
        boolean noAssistant = false;
        boolean endsWithUser = false;
        boolean graderFields = false;
        boolean hasInput = false;
        boolean hasPreferred = false;
        boolean hasNonPreferred = false;
        boolean hasPrompt = false;
        boolean hasCompletion = false;
        boolean promptOk = true;
        boolean completionOk = true;
        int chat = FineTuneFormat.CHAT.tag();
        int pref = FineTuneFormat.PREFERENCE.tag();
        int comp = FineTuneFormat.COMPLETION.tag();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "messages" -> {
                    hasMessages = true;
                    messages.array(p, v, "messages", chat, out);
                    noAssistant = messages.count > 0 && !messages.assistant;
                    endsWithUser = "user".equals(messages.lastRole);
                }
                case "tools", "functions" -> ToolCalls.definitions(p, v, name, chat, out);
                case "input" -> {
                    hasInput = true;
                    input(p, v, pref, out);
                }
                case "preferred_output" -> {
                    hasPreferred = true;
                    output(p, v, name, pref, out);
                }
                case "non_preferred_output" -> {
                    hasNonPreferred = true;
                    output(p, v, name, pref, out);
                }
                case "prompt" -> {
                    hasPrompt = true;
                    promptOk = v == JsonToken.VALUE_STRING;
                    p.skipChildren();
                }
                case "completion" -> {
                    hasCompletion = true;
                    completionOk = v == JsonToken.VALUE_STRING;
                    p.skipChildren();
                }
                default -> {
                    // anything else is data a reinforcement grader reads (e.g. a reference answer)
                    graderFields |= !name.equals("parallel_tool_calls") && !name.equals("metadata");
                    p.skipChildren();
                }
            }
        }
        FineTuneFormat f;
        if (hasMessages && noAssistant && endsWithUser && graderFields) {
            f = FineTuneFormat.REINFORCEMENT;
        } else if (hasMessages) {
            f = FineTuneFormat.CHAT;
            if (noAssistant) {
                out.add(chat, Codes.NO_ASSISTANT_MESSAGE, "no assistant message: nothing to train on (a reinforcement"
                        + " example ends with a user message and carries the fields its grader reads)");
            }
        } else if (hasInput || hasPreferred || hasNonPreferred) {
            f = FineTuneFormat.PREFERENCE;
            if (!hasInput) {
                out.add(pref, Codes.INPUT_INVALID, "preference example without `input`");
            }
            if (!hasPreferred || !hasNonPreferred) {
                out.add(pref, Codes.PREFERENCE_OUTPUT_INVALID, "preference example without `"
                        + (hasPreferred ? "non_preferred_output" : "preferred_output") + "`");
            }
        } else if (hasPrompt || hasCompletion) {
            f = FineTuneFormat.COMPLETION;
            if (!hasPrompt || !hasCompletion) {
                out.add(comp, Codes.PROMPT_COMPLETION_INVALID, "`" + (hasPrompt ? "completion" : "prompt")
                        + "` is missing");
            }
            if (!promptOk || !completionOk) {
                out.add(comp, Codes.PROMPT_COMPLETION_INVALID, "`" + (promptOk ? "completion" : "prompt")
                        + "` is not a string");
            }
        } else {
            out.add(Codes.UNKNOWN_FORMAT, "no `messages`, `input`/`preferred_output`/`non_preferred_output` or "
                    + "`prompt`/`completion`: not a fine-tuning example");
            return LineProblems.ANY;
        }
        if (fileFormat == null) {
            fileFormat = f;
            formatLine = line;
        } else if (f != fileFormat) {
            out.add(Codes.MIXED_FORMATS, "this example is " + f.label + " but the file is " + fileFormat.label
                    + " (from line " + formatLine + "); one format per file");
        }
        return f.tag();
    }

    private void input(JsonParser p, JsonToken v, int tag, LineProblems out) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            out.add(tag, Codes.INPUT_INVALID, "`input` is " + Json.kind(v) + ", not an object with `messages`");
            p.skipChildren();
            return;
        }
        boolean seen = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.equals("messages")) {
                seen = true;
                messages.array(p, t, "input.messages", tag, out);
                if (messages.count > 0 && !"user".equals(messages.lastRole)) {
                    out.add(tag, "assistant".equals(messages.lastRole) ? Codes.INPUT_ENDS_WITH_ASSISTANT
                            : Codes.INPUT_INVALID, "the last `input.messages` entry is "
                            + (messages.lastRole == null ? "not a valid message" : "the " + messages.lastRole + "'s")
                            + "; it must be the user's, which the preferred and non-preferred outputs answer");
                }
            } else if (name.equals("tools")) {
                ToolCalls.definitions(p, t, "input.tools", tag, out);
            } else {
                p.skipChildren();
            }
        }
        if (!seen) {
            out.add(tag, Codes.INPUT_INVALID, "`input` has no `messages`");
        }
    }

    private void output(JsonParser p, JsonToken v, String name, int tag, LineProblems out) throws IOException {
        messages.preferenceOutput(p, v, name, tag, out, (m, t, where, at, problems) -> {
            if (m.role != null && !(m.role == Messages.ASSISTANT)) {
                problems.add(at, Codes.PREFERENCE_OUTPUT_INVALID, where + "[0] has role " + Json.quote(m.role)
                        + "; it must be the assistant's");
            }
        });
    }

    @Override
    public void finish(Findings f) {
        f.format = fileFormat == null ? "fine-tune" : fileFormat.label;
        if (examples < MIN_EXAMPLES) {
            f.add(Codes.TOO_FEW_EXAMPLES, 0, "only " + examples + (examples == 1 ? " example" : " examples")
                    + "; " + provider + " fine-tuning needs at least " + MIN_EXAMPLES);
        }
    }
}
