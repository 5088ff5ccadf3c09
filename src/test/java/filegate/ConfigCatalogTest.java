package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is generated from ConfigCatalog and cannot drift from the keys Filegate accepts
 * (ConfigKeys) nor from the defaults the shipped application.properties sets. To regenerate the page
 * after changing ConfigCatalog: {@code mvn -o test -Dtest=ConfigCatalogTest -Dfilegate.write-docs=true}.
 */
class ConfigCatalogTest {
    private static final Path PAGE = Path.of("docs", "configuration.md");
    /** {@code key = value} lines of application.properties; group 1 = "#" when commented out. */
    private static final Pattern LINE = Pattern.compile("^(#?)\\s*((?:filegate|camel)\\.[^\\s=]+)\\s*=[ \\t]*(.*)$",
            Pattern.MULTILINE);

    private static Map<String, String> catalog() {
        Map<String, String> out = new TreeMap<>();
        ConfigCatalog.SECTIONS.forEach(s -> s.keys().forEach(k -> out.put(k.name(), k.dflt())));
        return out;
    }

    @Test
    void the_checked_in_page_is_the_generated_one() throws Exception {
        String generated = ConfigCatalog.markdown();
        if (Boolean.getBoolean("filegate.write-docs")) {
            Files.writeString(PAGE, generated);
        }
        Path copy = Path.of("target", "generated-docs", "configuration.md");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, generated);
        assertEquals(generated, Files.exists(PAGE) ? Files.readString(PAGE) : "", PAGE + " is out of date; the"
                + " generated page is " + copy + " (copy it over, or run this test with -Dfilegate.write-docs=true)");
    }

    @Test
    void every_key_filegate_accepts_is_documented_and_nothing_else() throws Exception {
        Set<String> accepted = new TreeSet<>(ConfigKeys.FIXED);
        accepted.addAll(ConfigKeys.SHARED_STORE);
        ConfigKeys.PROVIDER_KEYS.forEach(k -> accepted.add("filegate.providers.<name>." + k));
        ConfigKeys.RULE_KEYS.forEach(k -> accepted.add("filegate.rules[N]." + k));
        // filegate.s3.* is an open namespace in ConfigKeys: the shipped file's lines are its list
        Matcher m = LINE.matcher(Files.readString(Path.of("application.properties")));
        while (m.find()) {
            if (m.group(2).startsWith("filegate.s3.")) {
                accepted.add(m.group(2));
            }
        }
        Set<String> documented = new TreeSet<>(catalog().keySet());
        documented.removeIf(k -> !k.startsWith("filegate."));
        assertEquals(accepted, documented, "ConfigCatalog and the keys Filegate accepts (ConfigKeys, and the"
                + " filegate.s3.* lines of application.properties) differ");
    }

    @Test
    void defaults_are_the_ones_application_properties_sets() throws Exception {
        Map<String, String> catalog = catalog();
        Matcher m = LINE.matcher(Files.readString(Path.of("application.properties")));
        int checked = 0;
        while (m.find()) {
            String key = m.group(2);
            String value = m.group(3).trim();
            // provider lines configure one instance (openai), not every instance's default
            if (!m.group(1).isEmpty() || key.startsWith("filegate.providers.")) {
                continue;
            }
            assertTrue(catalog.containsKey(key), key + " is set in application.properties but not in ConfigCatalog");
            assertEquals(value.isEmpty() ? ConfigCatalog.EMPTY : "`" + value + "`", catalog.get(key), key);
            checked++;
        }
        assertTrue(checked > 40, "only " + checked + " lines compared: has the file's format changed?");
    }
}
