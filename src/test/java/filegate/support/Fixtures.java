package filegate.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Provider responses copied from the providers' documentation, kept in src/test/resources/providers/. */
public final class Fixtures {
    private Fixtures() {
    }

    /** The fixture's text with each {@code ${name}} replaced (values JSON-escaped for quotes and backslashes). */
    public static String load(String name, Map<String, String> vars) {
        String path = "/providers/" + name;
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new AssertionError("no fixture " + path);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> v : vars.entrySet()) {
                text = text.replace("${" + v.getKey() + "}", v.getValue().replace("\\", "\\\\").replace("\"", "\\\""));
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String load(String name) {
        return load(name, Map.of());
    }
}
