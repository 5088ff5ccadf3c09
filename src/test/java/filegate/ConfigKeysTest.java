package filegate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The list of known keys, the shipped application.properties and docs/configuration.md cannot drift apart. */
class ConfigKeysTest {
    private static final Pattern KEY = Pattern.compile("^#?\\s*(filegate\\.[^\\s=]+)\\s*=", Pattern.MULTILINE);

    private static Set<String> keysIn(Path file) throws Exception {
        Set<String> keys = new TreeSet<>();
        Matcher m = KEY.matcher(Files.readString(file));
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    @Test
    void every_key_in_the_shipped_application_properties_is_known() throws Exception {
        for (String key : keysIn(Path.of("application.properties"))) {
            assertEquals(Optional.empty(), ConfigKeys.problem(key), key);
        }
    }

    @Test
    void every_fixed_key_is_documented_in_application_properties_and_the_docs() throws Exception {
        Set<String> documented = keysIn(Path.of("application.properties"));
        String docs = Files.readString(Path.of("docs", "configuration.md"));
        for (String key : ConfigKeys.FIXED) {
            assertTrue(documented.contains(key), key + " has no line (or commented line) in application.properties");
            assertTrue(docs.contains("`" + key + "`"), key + " is not in docs/configuration.md");
        }
    }

    @Test
    void a_typo_within_a_few_letters_gets_a_suggestion_and_a_different_word_does_not() {
        assertEquals(Optional.of("filegate.manifset is not a Filegate setting (did you mean filegate.manifest?);"
                + " every setting is listed, with its meaning, in the shipped application.properties"),
                ConfigKeys.problem("filegate.manifset"));
        assertEquals(Optional.of("filegate.verbose is not a Filegate setting; every setting is listed, with its"
                + " meaning, in the shipped application.properties"), ConfigKeys.problem("filegate.verbose"));
    }

    @Test
    void misspelt_environment_variables_are_found_and_known_ones_are_not() {
        assertEquals(List.of("environment variable FILEGATE_MANIFST matches no Filegate setting and is ignored (did"
                + " you mean FILEGATE_MANIFEST?); a setting's variable is FILEGATE_ + its key in upper case, dots and"
                + " dashes as underscores"), ConfigKeys.unknownEnvironmentVariables(List.of("FILEGATE_MANIFST",
                "FILEGATE_INBOX_STABLE_MS", "FILEGATE_PROVIDERS_AZURE_BASE_URL", "FILEGATE_LOG_FORMAT", "FILEGATE_HOME",
                "FILEGATE_S3_BUCKET", "PATH")));
    }
}
