package filegate.validate;

import java.io.IOException;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Batch input lines: {@code custom_id} unique string, {@code body} object, at most 50,000 lines. Where the
 * profile names batch endpoints, also {@code method} "POST" and one {@code url} for the whole file among them;
 * where it caps ids, {@code custom_id} at most that many characters.
 */
final class BatchLines implements JsonlScanner.Rule {
    static final int MAX_REQUESTS = 50_000;

    private final String provider;
    /** The endpoints a line's url may name; null when lines carry no method and url. */
    private final Set<String> endpoints;
    private final int maxIdLength;
    private final IdSet ids = new IdSet(MAX_REQUESTS);
    private long requests;
    private String url;
    private long urlLine;

    BatchLines(String provider, Set<String> endpoints, int maxIdLength) {
        this.provider = provider;
        this.endpoints = endpoints == null ? null : Set.copyOf(endpoints);
        this.maxIdLength = maxIdLength;
    }

    @Override
    public int object(JsonParser p, long line, LineProblems out) throws IOException {
        requests++;
        if (requests == MAX_REQUESTS + 1) {
            out.add(Codes.TOO_MANY_REQUESTS, "line " + line + " is request " + requests + "; a batch takes at most "
                    + MAX_REQUESTS);
        }
        JsonToken idToken = null;
        String id = null;
        JsonToken methodToken = null;
        String method = null;
        JsonToken urlToken = null;
        String lineUrl = null;
        JsonToken body = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "custom_id" -> {
                    idToken = v;
                    if (v == JsonToken.VALUE_STRING) {
                        id = p.getText();
                    }
                }
                case "method" -> {
                    methodToken = v;
                    if (v == JsonToken.VALUE_STRING) {
                        method = p.getText();
                    }
                }
                case "url" -> {
                    urlToken = v;
                    if (v == JsonToken.VALUE_STRING) {
                        lineUrl = p.getText();
                    }
                }
                case "body" -> body = v;
                default -> {
                }
            }
            p.skipChildren();
        }
        if (idToken == null) {
            out.add(Codes.CUSTOM_ID_MISSING, "no `custom_id`: each request needs one to match its result");
        } else if (id == null) {
            out.add(Codes.CUSTOM_ID_INVALID, "`custom_id` is " + Json.kind(idToken) + ", not a string");
        } else {
            if (id.length() > maxIdLength) {
                out.add(Codes.CUSTOM_ID_TOO_LONG, "`custom_id` has " + id.length() + " characters; " + provider
                        + " takes at most " + maxIdLength);
            }
            long first = ids.addOrGet(id, line);
            if (first != 0) {
                out.add(Codes.DUPLICATE_CUSTOM_ID, "`custom_id` " + Json.quote(id) + " is already used on line "
                        + first);
            }
        }
        if (endpoints != null) {
            if (methodToken == null) {
                out.add(Codes.METHOD_INVALID, "no `method`; batch requests use \"POST\"");
            } else if (!"POST".equals(method)) {
                out.add(Codes.METHOD_INVALID, "`method` is " + (method == null ? Json.kind(methodToken)
                        : Json.quote(method)) + "; batch requests use \"POST\"");
            }
            if (urlToken == null || lineUrl == null) {
                out.add(Codes.URL_INVALID, urlToken == null ? "no `url`" : "`url` is " + Json.kind(urlToken)
                        + ", not a string");
            } else {
                if (!endpoints.contains(lineUrl)) {
                    out.add(Codes.URL_INVALID, "`url` " + Json.quote(lineUrl) + " is not a batch endpoint ("
                            + String.join(", ", endpoints.stream().sorted().toList()) + ")");
                }
                if (url == null) {
                    url = lineUrl;
                    urlLine = line;
                } else if (!url.equals(lineUrl)) {
                    out.add(Codes.URL_MIXED, "`url` " + Json.quote(lineUrl) + " differs from " + Json.quote(url)
                            + " on line " + urlLine + "; one batch has one endpoint");
                }
            }
        }
        if (body != JsonToken.START_OBJECT) {
            out.add(Codes.BODY_INVALID, body == null ? "no `body`: the request itself is missing"
                    : "`body` is " + Json.kind(body) + ", not an object");
        }
        return LineProblems.ANY;
    }

    @Override
    public void finish(Findings f) {
        f.format = "batch";
    }
}
