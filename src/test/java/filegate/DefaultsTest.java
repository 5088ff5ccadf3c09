package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Each default is written once, in {@link ConfigCatalog}, which the code asks ({@link Settings#getLong(String,
 * long, long)} and its siblings). The copies a reader sees elsewhere must agree with it: the routes'
 * {@code {{key:default}}} placeholders (shipped and under examples/) here; application.properties in
 * ConfigCatalogTest.
 */
class DefaultsTest {
    /** {@code {{filegate.x:default}}}: group 1 the key, group 2 the default. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{((?:filegate|camel)\\.[A-Za-z0-9.\\-]+):([^}]*)}}");
    /** Set by Filegate itself for the route (StoreWiring, --sync), not a user setting: not in the catalog. */
    private static final String INTERNAL = "filegate.source.";

    @Test
    void every_route_placeholder_default_is_the_catalogs() throws IOException {
        Map<String, String> catalog = new HashMap<>();
        ConfigCatalog.SECTIONS.forEach(s -> s.keys().forEach(k -> catalog.put(k.name(), k.value())));
        List<Path> routes;
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("routes")), Files.walk(Path.of("examples")))) {
            routes = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        List<String> checked = new ArrayList<>();
        for (Path route : routes) {
            Matcher m = PLACEHOLDER.matcher(Files.readString(route));
            while (m.find()) {
                String key = m.group(1);
                if (key.startsWith(INTERNAL)) {
                    continue;
                }
                assertTrue(catalog.containsKey(key), route + ": {{" + key + ":...}} names a key ConfigCatalog lacks");
                String dflt = catalog.get(key);
                // a default in words ("the AWS credential chain") means unset: the placeholder's is empty
                assertEquals(dflt == null ? "" : dflt, m.group(2), route + ": the default of " + key);
                checked.add(key);
            }
        }
        assertTrue(checked.contains("filegate.inbox.stable-ms") && checked.contains("filegate.s3.poll-ms"), "" + checked);
    }

    @Test
    void the_code_reads_its_defaults_from_the_catalog() throws Exception {
        try (org.apache.camel.CamelContext ctx = new org.apache.camel.impl.DefaultCamelContext()) {
            check(Settings.of(ctx));
        }
    }

    private static void check(Settings none) {
        assertEquals(2000, none.getLong("filegate.inbox.stable-ms", 0, 86_400_000));
        assertEquals(4, none.getLong("filegate.parallel-files", 1, 256));
        assertEquals(Path.of("manifest.jsonl"), none.path("filegate.manifest"));
        assertEquals(List.of("openai"), none.list("filegate.provider"));
        assertEquals("skip", none.getOrDefault("filegate.dedup"));
        assertTrue(none.getBoolean("filegate.probe.enabled"));
        assertEquals("", ConfigCatalog.defaultOf("filegate.s3.bucket"));
    }
}
