package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The shared store's keys are known, documented in application.properties and in docs/several-nodes.md. */
class SharedStoreKeysTest {
    @Test
    void every_store_key_is_known_and_documented_in_application_properties_and_the_several_nodes_page()
            throws Exception {
        String properties = Files.readString(Path.of("application.properties"));
        String page = Files.readString(Path.of("docs", "several-nodes.md"));
        for (String key : ConfigKeys.SHARED_STORE) {
            assertEquals(Optional.empty(), ConfigKeys.problem(key), key);
            assertTrue(properties.contains(key + " ="), key + " has no (commented) line in application.properties");
            assertTrue(page.contains("`" + key + "`"), key + " is not in docs/several-nodes.md");
        }
        assertEquals(Optional.of("filegate.store.lease-second is not a Filegate setting (did you mean"
                + " filegate.store.lease-seconds?); every setting is listed, with its meaning, in the shipped"
                + " application.properties"), ConfigKeys.problem("filegate.store.lease-second"));
        assertEquals(List.of(), ConfigKeys.unknownEnvironmentVariables(List.of("FILEGATE_STORE_PASSWORD",
                "FILEGATE_STORE", "FILEGATE_NODE_ID")));
    }
}
