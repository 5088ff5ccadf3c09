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

/** Every code has a meaning in Codes and a row in README.md, the page the README points users to. */
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
        String doc = Files.readString(Path.of("README.md"));
        for (String c : codes) {
            assertTrue(c.matches("[A-Z][A-Z0-9_]+"), c);
            assertTrue(Codes.MEANINGS.containsKey(c), c);
            assertTrue(doc.contains("| `" + c + "` | " + Codes.MEANINGS.get(c) + " |"),
                    "README.md has no up-to-date row for " + c);
        }
    }
}
