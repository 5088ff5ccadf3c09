package filegate.source.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Keys are untrusted input: every local path made from one stays inside its folder. */
class S3KeysTest {
    private static final Path ROOT = Path.of("/srv/filegate/s3-failed/bucket");

    @Test
    void etag_quotes_are_stripped() {
        assertEquals("9b2cf535f27731c974343645a3985328", S3Keys.etag("\"9b2cf535f27731c974343645a3985328\""));
        assertEquals("d41d8cd98f00b204e9800998ecf8427e-3", S3Keys.etag("\"d41d8cd98f00b204e9800998ecf8427e-3\""));
        assertEquals("bare", S3Keys.etag("bare"));
    }

    @Test
    void rules_see_the_key_relative_to_its_prefix_without_leading_slashes() {
        assertEquals("ft/a.jsonl", S3Keys.relative("in/ft/a.jsonl", "in/"));
        assertEquals("a.jsonl", S3Keys.relative("in//a.jsonl", "in/"));
        assertEquals("a.jsonl", S3Keys.relative("data/a.jsonl", "data"));
        assertEquals("x/a.jsonl", S3Keys.relative("/x/a.jsonl", ""));
        assertEquals("a.jsonl", S3Keys.basename("in/ft/a.jsonl"));
        assertEquals("..", S3Keys.basename("in/.."));
    }

    @Test
    void dot_dot_leading_slash_and_odd_characters_stay_inside_the_folder() {
        List<String> hostile = List.of("../../etc/passwd", "/etc/passwd", "//etc//passwd", "in/../../../x",
                "..", ".", "", "/", "a/./b/../../..", "in/back\\..\\..\\x", "nul\u0000byte", "ctl\u0001\n\r\t.jsonl",
                "é/ü/名前.jsonl", "a".repeat(400) + "/b", "%2E%2E/%2E%2E/x", "~/.ssh/id_rsa");
        for (String key : hostile) {
            Path p = S3Keys.under(ROOT, key);
            assertTrue(p.startsWith(ROOT) && !p.equals(ROOT), key + " -> " + p);
            for (Path segment : ROOT.relativize(p)) {
                String s = segment.toString();
                assertFalse(s.equals("..") || s.equals(".") || s.startsWith("."), key + " -> " + p);
                assertTrue(s.length() <= 180, key + " -> segment of " + s.length());
                assertTrue(s.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\'), key + " -> " + s);
            }
        }
    }

    @Test
    void safe_paths_keep_readable_names_and_differ_for_different_keys() {
        assertEquals("in/ft/train-01.jsonl", S3Keys.safeRelativePath("in/ft/train-01.jsonl"));
        assertEquals("in/%2E%2E/%2E%2E/escape.jsonl", S3Keys.safeRelativePath("in/../../escape.jsonl"));
        assertEquals("etc/passwd", S3Keys.safeRelativePath("/etc/passwd"));
        assertEquals("odd%20name%3F.jsonl", S3Keys.safeRelativePath("odd name?.jsonl"));
        assertEquals("%2Ehidden", S3Keys.safeRelativePath(".hidden"));
        String a = S3Keys.safeRelativePath("x".repeat(300) + "1");
        String b = S3Keys.safeRelativePath("x".repeat(300) + "2");
        assertFalse(a.equals(b), "shortened names keep a hash of the whole segment");
    }
}
