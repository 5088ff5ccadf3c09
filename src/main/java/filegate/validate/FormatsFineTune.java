package filegate.validate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Fine-tuning JSONL of several formats, as a strict client-side {@code check_file} sees it: each line is exactly
 * one of {@code text},
 * {@code messages} (+ optional {@code tools}), {@code prompt}+{@code completion}, or preference
 * ({@code input}+{@code preferred_output}+{@code non_preferred_output}); no other keys; alternating roles; one
 * format per file; at least one example.
 */
final class FormatsFineTune implements JsonlScanner.Rule {
    private final String provider;
    private final Messages messages;

    /** @param provider the name messages give the provider ("... refuses extra keys") */
    FormatsFineTune(String provider) {
        this.provider = provider;
        this.messages = new Messages(Messages.Dialect.alternating(provider));
    }
    private FineTuneFormat fileFormat;
    private long formatLine;
    private long examples;
    private final List<String> extra = new ArrayList<>();

    @Override
    public int object(JsonParser p, long line, LineProblems out) throws IOException {
        examples++;
        extra.clear();
        boolean text = false;
        boolean msgs = false;
        boolean tools = false;
        boolean prompt = false;
        boolean completion = false;
        boolean input = false;
        boolean preferred = false;
        boolean nonPreferred = false;
        int tText = FineTuneFormat.TEXT.tag();
        int tChat = FineTuneFormat.CHAT.tag();
        int tComp = FineTuneFormat.COMPLETION.tag();
        int tPref = FineTuneFormat.PREFERENCE.tag();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "text" -> {
                    text = true;
                    contentField(p, v, "text", Codes.TEXT_INVALID, tText, out);
                }
                case "messages" -> {
                    msgs = true;
                    messages.array(p, v, "messages", tChat, out);
                    if (messages.count > 0 && !messages.assistant) {
                        out.add(tChat, Codes.NO_ASSISTANT_MESSAGE, "no assistant message: nothing to train on");
                    }
                }
                case "tools" -> {
                    tools = true;
                    if (v != JsonToken.START_ARRAY) {
                        out.add(tChat, Codes.TOOLS_INVALID, "`tools` is " + Json.kind(v) + ", not an array");
                    }
                    p.skipChildren();
                }
                case "prompt" -> {
                    prompt = true;
                    contentField(p, v, "prompt", Codes.PROMPT_COMPLETION_INVALID, tComp, out);
                }
                case "completion" -> {
                    completion = true;
                    contentField(p, v, "completion", Codes.PROMPT_COMPLETION_INVALID, tComp, out);
                }
                case "input" -> {
                    input = true;
                    input(p, v, tPref, out);
                }
                case "preferred_output", "non_preferred_output" -> {
                    if (name.equals("preferred_output")) {
                        preferred = true;
                    } else {
                        nonPreferred = true;
                    }
                    output(p, v, name, tPref, out);
                }
                default -> {
                    if (extra.size() < 10) {
                        extra.add(name);
                    }
                    p.skipChildren();
                }
            }
        }
        List<FineTuneFormat> matches = new ArrayList<>(2);
        if (text) {
            matches.add(FineTuneFormat.TEXT);
        }
        if (msgs) {
            matches.add(FineTuneFormat.CHAT);
        }
        if (prompt && completion) {
            matches.add(FineTuneFormat.COMPLETION);
        }
        if (input && preferred && nonPreferred) {
            matches.add(FineTuneFormat.PREFERENCE);
        }
        if (matches.size() > 1) {
            out.add(Codes.AMBIGUOUS_FORMAT, "the example has the keys of " + matches.get(0).label + " and "
                    + matches.get(1).label + "; " + provider + " refuses a line that fits two formats");
            return LineProblems.ANY;
        }
        if (matches.isEmpty()) {
            out.add(Codes.UNKNOWN_FORMAT, "no `text`, `messages`, `prompt`+`completion` or `input`+`preferred_output`"
                    + "+`non_preferred_output`: not a " + provider + " fine-tuning example");
            return LineProblems.ANY;
        }
        FineTuneFormat f = matches.get(0);
        // keys of other formats are extra keys too
        if (f != FineTuneFormat.TEXT && text) {
            extra.add("text");
        }
        if (f != FineTuneFormat.CHAT && (msgs || tools)) {
            extra.add(msgs ? "messages" : "tools");
        }
        if (f != FineTuneFormat.COMPLETION && (prompt || completion)) {
            extra.add(prompt ? "prompt" : "completion");
        }
        if (f != FineTuneFormat.PREFERENCE && (input || preferred || nonPreferred)) {
            extra.add(input ? "input" : preferred ? "preferred_output" : "non_preferred_output");
        }
        for (String k : extra) {
            out.add(Codes.EXTRA_KEY, "key " + Json.quote(k) + " is not part of the " + f.label
                    + " format; " + provider + " refuses extra keys");
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

    private static void contentField(JsonParser p, JsonToken v, String name, String code, int tag, LineProblems out)
            throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            out.add(tag, code, "`" + name + "` is null");
        } else {
            Content.check(p, v, "`" + name + "`", tag, code, out);
        }
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
                if ("assistant".equals(messages.lastRole)) {
                    out.add(tag, Codes.INPUT_ENDS_WITH_ASSISTANT, "the last `input.messages` entry is the "
                            + "assistant's; the preferred and non-preferred outputs answer it");
                }
            } else {
                p.skipChildren();
            }
        }
        if (!seen) {
            out.add(tag, Codes.INPUT_INVALID, "`input` has no `messages`");
        }
    }

    private void output(JsonParser p, JsonToken v, String name, int tag, LineProblems out) throws IOException {
        // this dialect also wants the answer as a plain string
        messages.preferenceOutput(p, v, name, tag, out, (m, t, where, at, problems) -> {
            if (t != JsonToken.START_OBJECT) {
                return;
            }
            if (!"assistant".equals(m.role)) {
                problems.add(at, Codes.PREFERENCE_OUTPUT_INVALID, where + "[0] must have the assistant role");
            } else if (!m.contentString) {
                problems.add(at, Codes.PREFERENCE_OUTPUT_INVALID, where + "[0] must have a string `content`");
            }
        });
    }

    @Override
    public void finish(Findings f) {
        f.format = fileFormat == null ? "fine-tune" : fileFormat.label;
        if (examples < 1) {
            f.add(Codes.TOO_FEW_EXAMPLES, 0, "no example; " + provider + " needs at least one");
        }
    }
}
