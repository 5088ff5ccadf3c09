package filegate.validate;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/** Message content: a string, or an array of typed parts ({@code {"type":"text","text":...}}, images...). */
final class Content {
    private Content() {
    }

    /**
     * Checks a content value (null is left to the caller, which knows whether it may be absent). Returns false
     * after reporting under {@code code} when the value is neither text nor parts.
     */
    static boolean check(JsonParser p, JsonToken t, String at, int tag, String code, LineProblems out)
            throws IOException {
        if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NULL) {
            return true;
        }
        return parts(p, t, at, tag, code, out);
    }

    /** A message's content, located lazily as {@code where[index].content} (most contents are fine). */
    static boolean check(JsonParser p, JsonToken t, String where, int index, int tag, LineProblems out)
            throws IOException {
        if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NULL) {
            return true;
        }
        return parts(p, t, where + "[" + index + "].content", tag, Codes.CONTENT_INVALID, out);
    }

    /** {@code image_url}: {@code {"url": ...}} (or a bare string, which some clients send); null when neither. */
    private static String url(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String url = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken f = p.nextToken();
            if (name.equals("url") && f == JsonToken.VALUE_STRING) {
                url = p.getText();
            }
            p.skipChildren();
        }
        return url;
    }

    private static boolean parts(JsonParser p, JsonToken t, String at, int tag, String code, LineProblems out)
            throws IOException {
        if (t != JsonToken.START_ARRAY) {
            out.add(tag, code, at + " is " + Json.kind(t) + ", not a string or an array of parts");
            p.skipChildren();
            return false;
        }
        boolean ok = true;
        int i = 0;
        JsonToken part;
        while ((part = p.nextToken()) != JsonToken.END_ARRAY) {
            String pat = at + "[" + i++ + "]";
            if (part != JsonToken.START_OBJECT) {
                out.add(tag, code, pat + " is " + Json.kind(part) + ", not a content part object");
                p.skipChildren();
                ok = false;
                continue;
            }
            JsonToken type = null;
            String typeText = null;
            JsonToken text = null;
            String imageUrl = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("type")) {
                    type = v;
                    if (v == JsonToken.VALUE_STRING) {
                        typeText = p.getText();
                    }
                } else if (name.equals("text")) {
                    text = v;
                } else if (name.equals("image_url")) {
                    imageUrl = url(p, v);
                    continue;
                }
                p.skipChildren();
            }
            if (typeText == null) {
                out.add(tag, code, pat + (type == null ? " has no `type`" : ".type is not a string"));
                ok = false;
            } else if (typeText.equals("text") && text != JsonToken.VALUE_STRING) {
                out.add(tag, code, pat + " is a text part without a string `text`");
                ok = false;
            } else if (typeText.equals("image_url") && (imageUrl == null
                    || !(imageUrl.startsWith("https://") || imageUrl.startsWith("data:image/")))) {
                out.add(tag, code, pat + " is an image part whose `image_url.url` is "
                        + (imageUrl == null ? "missing" : "neither an https:// nor a data:image/ URL")
                        + " (fine-tuning images must be public https URLs or base64 data URLs)");
                ok = false;
            }
        }
        return ok;
    }
}
