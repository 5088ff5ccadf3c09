package filegate.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Every code has a meaning in Codes and a row in the docs (docs/validation.md lists them, the README points there). */
class CodesDocumentedTest {
    @Test
    void every_code_has_a_meaning_and_a_row_in_the_docs() throws IOException, IllegalAccessException {
        List<String> codes = new ArrayList<>();
        for (Field f : Codes.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                codes.add((String) f.get(null));
            }
        }
        assertEquals(codes.size(), Codes.MEANINGS.size(), "a constant without a meaning, or the reverse");
        StringBuilder docs = new StringBuilder();
        try (var files = Files.walk(Path.of("docs"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                docs.append(Files.readString(p)).append('\n');
            }
        }
        String doc = docs.toString();
        for (String c : codes) {
            assertTrue(c.matches("[A-Z][A-Z0-9_]+"), c);
            assertTrue(Codes.MEANINGS.containsKey(c), c);
            assertTrue(doc.contains("| `" + c + "` | " + Codes.MEANINGS.get(c) + " |"),
                    "docs/ has no up-to-date row for " + c);
        }
    }
}
