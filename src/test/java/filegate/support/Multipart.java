package filegate.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict multipart/form-data parser for checking what Filegate sent, byte for byte. */
public record Multipart(String boundary, List<Part> parts) {

    public record Part(String name, String filename, Map<String, String> headers, byte[] data) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern PARAM = Pattern.compile(";\\s*([a-zA-Z*]+)=\"([^\"]*)\"");

    public static Multipart parse(String contentType, byte[] body) {
        Matcher m = Pattern.compile("boundary=([^;\\s]+)").matcher(contentType);
        if (!m.find()) {
            throw new AssertionError("no boundary in " + contentType);
        }
        String boundary = m.group(1);
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        List<Part> parts = new ArrayList<>();
        int pos = indexOf(body, delim, 0);
        if (pos != 0) {
            throw new AssertionError("body does not start with the boundary");
        }
        while (true) {
            pos += delim.length;
            if (body[pos] == '-' && body[pos + 1] == '-') {
                break;
            }
            pos += 2; // CRLF
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), pos);
            String head = new String(body, pos, headerEnd - pos, StandardCharsets.UTF_8);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII), headerEnd + 4);
            if (next < 0) {
                throw new AssertionError("unterminated part");
            }
            byte[] data = Arrays.copyOfRange(body, headerEnd + 4, next);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : head.split("\r\n")) {
                int c = line.indexOf(':');
                headers.put(line.substring(0, c).trim().toLowerCase(), line.substring(c + 1).trim());
            }
            String cd = headers.getOrDefault("content-disposition", "");
            Map<String, String> params = new LinkedHashMap<>();
            Matcher pm = PARAM.matcher(cd);
            while (pm.find()) {
                params.put(pm.group(1), pm.group(2));
            }
            parts.add(new Part(params.get("name"), params.get("filename"), headers, data));
            pos = next + 2;
        }
        return new Multipart(boundary, parts);
    }

    public Part part(String name) {
        return parts.stream().filter(p -> name.equals(p.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no part named " + name + " in " + names()));
    }

    public String text(String name) {
        return part(name).text();
    }

    public List<String> names() {
        return parts.stream().map(Part::name).toList();
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
