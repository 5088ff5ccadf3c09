package filegate.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import filegate.ConfigException;
import filegate.Settings;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RulesTest {

    private static Rules load(Map<String, String> props) {
        DefaultCamelContext ctx = new DefaultCamelContext();
        Properties p = new Properties();
        p.putAll(props);
        ctx.getPropertiesComponent().setInitialProperties(p);
        return Rules.load(Settings.of(ctx), List.of("openai"));
    }

    private static Classification classify(Rules rules, String path) {
        return rules.classify(path, 100).orElseThrow(() -> new AssertionError("unmatched: " + path));
    }

    @ParameterizedTest(name = "{0} -> {1} by {2}")
    @CsvSource({
        "fine-tune/train.jsonl,           fine-tune, default:purpose-folder, jsonl",
        "fine-tune/deep/er/chat.jsonl,    fine-tune, default:purpose-folder, jsonl",
        "batch/requests.jsonl,            batch,     default:purpose-folder, jsonl",
        "evals/golden.csv,                evals,     default:purpose-folder, csv",
        "vision/cats/a.png,               vision,    default:purpose-folder, png",
        "user_data/notes.txt,             user_data, default:purpose-folder, txt",
        "assistants/manual.pdf,           assistants,default:purpose-folder, pdf",
        "datasets/q3.batch.jsonl,         batch,     default:batch-suffix,   jsonl",
        "datasets/q3.train.jsonl,         fine-tune, default:train-suffix,   jsonl",
        "team/batch/r.jsonl,              batch,     default:batch-folder,   jsonl",
        "team/batch/2026/r.jsonl,         batch,     default:batch-folder,   jsonl",
        "team/evals/set.csv,              evals,     default:evals-folder,   csv",
        "chat.jsonl,                      fine-tune, default:jsonl,          jsonl",
        "tok/shard-0001.parquet,          fine-tune, default:parquet,        parquet",
        "pics/Cat.PNG,                    vision,    default:images,         png",
        "docs/report.pdf,                 user_data, default:documents,      pdf",
        "docs/spec.docx,                  user_data, default:documents,      docx",
    })
    void built_in_defaults_cover_common_layouts(String path, String purpose, String rule, String type) {
        Classification c = classify(new Rules(List.of("openai")), path);
        assertEquals(purpose, c.purpose());
        assertEquals(rule, c.rule());
        assertEquals(type, c.fileType());
        assertEquals(List.of("openai"), c.providers());
    }

    @Test
    void files_no_rule_claims_are_unmatched() {
        Rules rules = new Rules(List.of("openai"));
        assertEquals(Optional.empty(), rules.classify("model.bin", 1));
        assertEquals(Optional.empty(), rules.classify("archive/data.tar.gz", 1));
        assertEquals(Optional.empty(), rules.classify("Makefile", 1));
    }

    @Test
    void user_rules_come_before_defaults_and_first_match_wins() {
        Rules rules = load(Map.of(
                "filegate.rules[0].name", "evals-jsonl",
                "filegate.rules[0].match", "**/golden/*.jsonl",
                "filegate.rules[0].purpose", "evals",
                "filegate.rules[1].name", "never-reached",
                "filegate.rules[1].match", "**/*.jsonl",
                "filegate.rules[1].purpose", "assistants"));
        assertEquals("evals-jsonl", classify(rules, "fine-tune/golden/a.jsonl").rule());
        assertEquals("evals", classify(rules, "fine-tune/golden/a.jsonl").purpose());
        assertEquals("never-reached", classify(rules, "fine-tune/other.jsonl").rule());
        assertEquals("default:images", classify(rules, "x.png").rule(), "defaults still apply after user rules");
    }

    @Test
    void rule_indices_order_rules_not_their_position_in_the_file() {
        Rules rules = load(Map.of(
                "filegate.rules[10].match", "**/*.jsonl", "filegate.rules[10].purpose", "batch",
                "filegate.rules[2].match", "a/*.jsonl", "filegate.rules[2].purpose", "evals"));
        assertEquals("rule-2", classify(rules, "a/x.jsonl").rule());
        assertEquals("rule-10", classify(rules, "b/x.jsonl").rule());
    }

    @Test
    void a_rule_yields_providers_file_type_and_expiry() {
        Rules rules = load(Map.of(
                "filegate.rules[0].name", "shared-evals",
                "filegate.rules[0].match", "shared/*.data",
                "filegate.rules[0].purpose", "evals",
                "filegate.rules[0].file-type", "JSONL",
                "filegate.rules[0].providers", "openai, together",
                "filegate.rules[0].expires-after-seconds", "86400"));
        Classification c = classify(rules, "shared/q.data");
        assertEquals(List.of("openai", "together"), c.providers());
        assertEquals("jsonl", c.fileType());
        assertEquals(86400L, c.expiresAfterSeconds());
        assertEquals(java.util.Set.of("openai", "together"), rules.providerNames());
    }

    @Test
    void regex_named_groups_give_purpose_and_provider() {
        Rules rules = load(Map.of(
                "filegate.rules[0].name", "by-folder",
                "filegate.rules[0].match", "regex:^(?<provider>openai|together)/(?<purpose>[^/]+)/.+\\.jsonl$"));
        Classification c = classify(rules, "together/evals/set.jsonl");
        assertEquals("evals", c.purpose());
        assertEquals(List.of("together"), c.providers());
        assertEquals("by-folder", c.rule());
        // the first rule that matches decides, also with a word no provider takes as a purpose: the file is
        // then refused for it (naming what the provider takes), never sent as a catch-all rule's fine-tune
        Classification misc = classify(rules, "openai/misc/set.jsonl");
        assertEquals("by-folder", misc.rule());
        assertEquals("misc", misc.purpose());
        // a provider's own word is read as the purpose it means
        assertEquals("evals", classify(rules, "together/eval/set.jsonl").purpose());
    }

    @Test
    void size_window_limits_a_rule() {
        Rules rules = load(Map.of(
                "filegate.rules[0].match", "**/*.jsonl", "filegate.rules[0].purpose", "batch",
                "filegate.rules[0].max-bytes", "1000"));
        assertEquals("batch", rules.classify("x.jsonl", 1000).orElseThrow().purpose());
        assertEquals("fine-tune", rules.classify("x.jsonl", 1001).orElseThrow().purpose());
    }

    @Test
    void defaults_can_be_turned_off() {
        Rules rules = load(Map.of("filegate.rules.defaults", "false",
                "filegate.rules[0].match", "*.pdf", "filegate.rules[0].purpose", "assistants"));
        assertEquals(Optional.empty(), rules.classify("x.jsonl", 1));
        assertEquals("assistants", classify(rules, "x.pdf").purpose());
    }

    @Test
    void glob_semantics_are_ant_like() {
        assertTrue(Glob.compile("**/batch/*.jsonl").matcher("batch/x.jsonl").matches());
        assertTrue(Glob.compile("**/batch/*.jsonl").matcher("a/b/batch/x.jsonl").matches());
        assertTrue(!Glob.compile("**/batch/*.jsonl").matcher("batch/sub/x.jsonl").matches());
        assertTrue(Glob.compile("*.{png,jpg}").matcher("A.JPG").matches());
        assertTrue(!Glob.compile("*.jsonl").matcher("dir/a.jsonl").matches(), "* stays within one name");
        assertTrue(Glob.compile("data-??.csv").matcher("data-01.csv").matches());
        assertTrue(Glob.compile("a+b (1).jsonl").matcher("a+b (1).jsonl").matches(), "regex characters are literal");
    }

    @Test
    void bad_rules_stop_start_up_naming_the_key() {
        assertEquals("filegate.rules[0].match is not set: every rule needs a glob (e.g. fine-tune/**/*.jsonl) or regex:...",
                assertThrows(ConfigException.class, () -> load(Map.of("filegate.rules[0].purpose", "batch"))).getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> load(Map.of(
                "filegate.rules[0].match", "*.x", "filegate.rules[0].purpose", "training"))).getMessage()
                .startsWith("filegate.rules[0].purpose=training is not allowed; allowed: assistants, batch, batch-api, eval,"
                        + " evals,"));
        assertTrue(assertThrows(ConfigException.class, () -> load(Map.of(
                "filegate.rules[0].match", "regex:(", "filegate.rules[0].purpose", "batch"))).getMessage()
                .startsWith("filegate.rules[0].match=regex:( is not a valid pattern"));
        assertTrue(assertThrows(ConfigException.class, () -> load(Map.of(
                "filegate.rules[0].match", "*.x", "filegate.rules[0].purpose", "batch",
                "filegate.rules[0].expires-after-seconds", "60"))).getMessage()
                .contains("expected a whole number from 3600 to 2592000"));
        assertTrue(assertThrows(ConfigException.class, () -> load(Map.of("filegate.rules[0].match", "*.x")))
                .getMessage().startsWith("filegate.rules[0].purpose is not set"));
    }
}
