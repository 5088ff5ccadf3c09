package filegate.validate;

import java.io.IOException;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Batch input lines: {@code custom_id} unique string, {@code body} object, at most the profile's number of
 * lines. Where the
 * profile names batch endpoints, also {@code method} "POST" and one {@code url} for the whole file among them;
 * where it caps ids, {@code custom_id} at most that many characters.
 */
final class BatchLines implements JsonlScanner.Rule {
    /** Ids remembered for the duplicate check at most (16 bytes each), whatever the provider's line limit. */
    private static final int MAX_IDS = 1_000_000;

    private final String provider;
    /** The endpoints a line's url may name; null when lines carry no method and url. */
    private final Set<String> endpoints;
    private final int maxIdLength;
    private final int maxRequests;
    private final IdSet ids;
    private long requests;
    private String url;
    private long urlLine;

    BatchLines(String provider, Set<String> endpoints, int maxIdLength, int maxRequests) {
        this.provider = provider;
        this.maxRequests = maxRequests;
        this.ids = new IdSet(Math.min(maxRequests, MAX_IDS));
        this.endpoints = endpoints == null ? null : Set.copyOf(endpoints);
        this.maxIdLength = maxIdLength;
    }

    @Override
    public int object(JsonParser p, long line, LineProblems out) throws IOException {
        requests++;
        if (requests == (long) maxRequests + 1) {
            out.add(Codes.TOO_MANY_REQUESTS, "line " + line + " is request " + requests + "; a batch takes at most "
                    + maxRequests);
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
