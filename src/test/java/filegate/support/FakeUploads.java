package filegate.support;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import filegate.support.FakeProvider.Request;
import filegate.support.FakeProvider.Response;

/**
 * OpenAI's Uploads API as a strict server would run it, behind {@link FakeProvider}: {@code POST
 * /v1/uploads}, {@code /v1/uploads/{id}/parts}, {@code /complete}, {@code /cancel}. It checks every field
 * the API reference requires, keeps every part, and on completion assembles the parts in the order given,
 * checks the byte count and md5, and stores the file so the list shows it. Anything a real server would
 * refuse is answered 400 and also written to {@link #violations()}, so a test can fail on it even when
 * Filegate would have coped.
 */
public final class FakeUploads {
    public static final long MAX_PART_BYTES = 64L << 20;
    public static final long MAX_UPLOAD_BYTES = 8_000_000_000L;
    private static final Set<String> PURPOSES = Set.of("assistants", "batch", "fine-tune", "vision", "user_data",
            "evals");
    private static final Pattern PATH = Pattern.compile("/v1/uploads(?:/([^/]+)/(parts|complete|cancel))?");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One part the server took. */
    public record Part(String id, String uploadId, byte[] data) {
    }

    /** One upload and what happened to it. */
    public static final class Upload {
        public final String id;
        public final JsonNode created;
        public final long bytes;
        public final long createdAt;
        public final long expiresAt;
        public volatile String status = "pending";
        public final Map<String, Part> parts = Collections.synchronizedMap(new LinkedHashMap<>());
        /** What complete was sent, once it was. */
        public volatile JsonNode completion;
        public volatile FakeProvider.Stored file;

        Upload(String id, JsonNode created, long createdAt, long lifetimeSeconds) {
            this.id = id;
            this.created = created;
            this.bytes = created.get("bytes").asLong();
            this.createdAt = createdAt;
            this.expiresAt = createdAt + lifetimeSeconds;
        }
    }

    private final FakeProvider files;
    private final Map<String, Upload> uploads = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Part> partsReceived = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, Boolean> busy = new ConcurrentHashMap<>();
    /** Seconds from creation until an upload expires, for uploads created from now on. */
    public volatile long lifetimeSeconds = 3600;

    FakeUploads(FakeProvider files) {
        this.files = files;
    }

    public static boolean handles(Request r) {
        return PATH.matcher(r.path()).matches();
    }

    public static boolean isPart(Request r) {
        return r.method().equals("POST") && r.path().endsWith("/parts");
    }

    public static boolean isCreate(Request r) {
        return r.method().equals("POST") && r.path().equals("/v1/uploads");
    }

    public static boolean isComplete(Request r) {
        return r.method().equals("POST") && r.path().endsWith("/complete");
    }

    public static boolean isCancel(Request r) {
        return r.method().equals("POST") && r.path().endsWith("/cancel");
    }

    public Response handle(Request r) {
        Matcher m = PATH.matcher(r.path());
        if (!m.matches() || !r.method().equals("POST")) {
            return refuse(404, "no route " + r.method() + " " + r.path());
        }
        if (r.header("authorization") == null) {
            return refuse(401, "no Authorization header on " + r.path());
        }
        if (m.group(1) == null) {
            return create(r);
        }
        Upload u = uploads.get(m.group(1));
        if (u == null) {
            return refuse(404, "no upload " + m.group(1));
        }
        return switch (m.group(2)) {
            case "parts" -> part(r, u);
            case "complete" -> complete(r, u);
            default -> cancel(u);
        };
    }

    private Response create(Request r) {
        JsonNode b = json(r);
        if (b == null) {
            return refuse(400, "create: body is not a JSON object (content-type " + r.header("content-type") + ")");
        }
        Set<String> allowed = Set.of("filename", "purpose", "bytes", "mime_type", "expires_after");
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                return refuse(400, "create: unknown field " + f);
            }
        }
        if (!b.path("filename").isTextual() || b.get("filename").asText().isEmpty()) {
            return refuse(400, "create: filename missing");
        }
        if (!b.path("purpose").isTextual() || !PURPOSES.contains(b.get("purpose").asText())) {
            return refuse(400, "create: purpose missing or unknown: " + b.get("purpose"));
        }
        if (!b.path("bytes").canConvertToLong() || !b.get("bytes").isIntegralNumber() || b.get("bytes").asLong() < 1) {
            return refuse(400, "create: bytes missing or not a positive integer: " + b.get("bytes"));
        }
        if (b.get("bytes").asLong() > MAX_UPLOAD_BYTES) {
            return refuse(400, "create: an upload takes at most 8 GB");
        }
        if (!b.path("mime_type").isTextual() || !b.get("mime_type").asText().contains("/")) {
            return refuse(400, "create: mime_type missing: " + b.get("mime_type"));
        }
        if (b.has("expires_after")) {
            JsonNode e = b.get("expires_after");
            if (!e.isObject() || e.size() != 2 || !"created_at".equals(e.path("anchor").asText())
                    || !e.path("seconds").isIntegralNumber() || e.get("seconds").asLong() < 3600
                    || e.get("seconds").asLong() > 2_592_000) {
                return refuse(400, "create: expires_after must be {anchor: created_at, seconds: 3600..2592000}: " + e);
            }
        }
        Upload u = new Upload("upload_" + ids.incrementAndGet(), b, System.currentTimeMillis() / 1000, lifetimeSeconds);
        uploads.put(u.id, u);
        return Response.json(200, uploadJson(u));
    }

    private Response part(Request r, Upload u) {
        String state = usable(u);
        if (state != null) {
            return refuse(400, "part for " + state);
        }
        Multipart mp = r.multipart();
        if (mp == null || mp.parts().size() != 1 || !"data".equals(mp.parts().get(0).name())) {
            return refuse(400, "part: expected multipart/form-data with the one field data, got "
                    + (mp == null ? r.header("content-type") : mp.names()));
        }
        Multipart.Part data = mp.parts().get(0);
        if (data.filename() == null) {
            return refuse(400, "part: data is not sent as a file");
        }
        if (data.data().length == 0 || data.data().length > MAX_PART_BYTES) {
            return refuse(400, "part: " + data.data().length + " bytes; a part has 1 to 64 MB");
        }
        Part p = new Part("part_" + ids.incrementAndGet(), u.id, data.data());
        u.parts.put(p.id(), p);
        partsReceived.add(p);
        return Response.json(200, String.format("{\"id\":\"%s\",\"object\":\"upload.part\",\"created_at\":%d,"
                + "\"upload_id\":\"%s\"}", p.id(), System.currentTimeMillis() / 1000, u.id));
    }

    private Response complete(Request r, Upload u) {
        if (busy.putIfAbsent(u.id, true) != null) {
            return refuse(409, "complete while another complete of " + u.id + " runs");
        }
        try {
            String state = usable(u);
            if (state != null) {
                return refuse(400, "complete of " + state);
            }
            JsonNode b = json(r);
            if (b == null || !b.path("part_ids").isArray()) {
                return refuse(400, "complete: part_ids missing");
            }
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("part_ids") && !f.equals("md5")) {
                    return refuse(400, "complete: unknown field " + f);
                }
            }
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            Set<String> seen = new HashSet<>();
            for (JsonNode id : b.get("part_ids")) {
                Part p = u.parts.get(id.asText());
                if (p == null || !seen.add(id.asText())) {
                    return refuse(400, "complete: part " + id + " is not a part of " + u.id + " or is named twice");
                }
                file.writeBytes(p.data());
            }
            byte[] data = file.toByteArray();
            if (data.length != u.bytes) {
                return refuse(400, "complete: the parts hold " + data.length + " bytes, the upload declared " + u.bytes);
            }
            if (b.has("md5") && !b.get("md5").asText().equals(hex("MD5", data))) {
                return refuse(400, "complete: md5 " + b.get("md5").asText() + " does not match the bytes, "
                        + hex("MD5", data) + " (parts in the wrong order?)");
            }
            u.completion = b;
            u.file = files.storeBytes(u.created.get("filename").asText(), u.created.get("purpose").asText(), data);
            u.status = "completed";
            return Response.json(200, uploadJson(u));
        } finally {
            busy.remove(u.id);
        }
    }

    private Response cancel(Upload u) {
        if (!u.status.equals("pending")) {
            return refuse(400, "cancel of an upload that is " + u.status);
        }
        u.status = "cancelled";
        return Response.json(200, uploadJson(u));
    }

    /** Why no part or completion may be added now, or null. */
    private static String usable(Upload u) {
        if (!u.status.equals("pending")) {
            return u.id + ", which is " + u.status;
        }
        if (System.currentTimeMillis() / 1000 > u.expiresAt) {
            return u.id + ", which expired";
        }
        return null;
    }

    private static String uploadJson(Upload u) {
        String file = u.file == null ? "null" : FakeProvider.fileJson(u.file).body();
        return String.format("{\"id\":\"%s\",\"object\":\"upload\",\"bytes\":%d,\"created_at\":%d,\"filename\":%s,"
                        + "\"purpose\":%s,\"status\":\"%s\",\"expires_at\":%d,\"file\":%s}", u.id, u.bytes, u.createdAt,
                u.created.get("filename"), u.created.get("purpose"), u.status, u.expiresAt, file);
    }

    private static JsonNode json(Request r) {
        String ct = r.header("content-type");
        if (ct == null || !ct.startsWith("application/json")) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(r.body());
            return n != null && n.isObject() ? n : null;
        } catch (Exception e) {
            return null;
        }
    }

    private Response refuse(int status, String message) {
        violations.add(message);
        return Response.json(status, "{\"error\":{\"message\":" + JSON.valueToTree(message)
                + ",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
    }

    public static String hex(String algorithm, byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Upload> uploads() {
        synchronized (uploads) {
            return List.copyOf(uploads.values());
        }
    }

    /** Every part taken, in arrival order (including parts no completion named). */
    public List<Part> partsReceived() {
        synchronized (partsReceived) {
            return List.copyOf(partsReceived);
        }
    }

    /** Requests a real server would have refused, in words. */
    public List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }
}
