package filegate.validate;

import filegate.support.ProfileChecks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validation corpus: every file under src/test/resources/validation/ with the provider and purpose it is
 * checked for and every problem it must produce, code and line (cases.tsv). An exact match, so a new rule that
 * fires on a good file, or a code that moves line, fails here.
 */
class CorpusTest {
    static Path root() {
        try {
            return Path.of(CorpusTest.class.getResource("/validation/cases.tsv").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String line : Files.readAllLines(root().resolve("cases.tsv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t");
            String name = c[0] + " as " + c[1] + "/" + c[2] + (c[3].equals("-") ? "" : " max " + c[3]) + " -> " + c[4];
            out.add(Arguments.of(name, c[0], c[1], c[2], c[3], c[4]));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void file_gets_exactly_the_expected_problems(String name, String file, String provider, String purpose,
                                                 String max, String expected) throws IOException {
        Path path = root().resolve(file);
        String ext = file.substring(file.lastIndexOf('.') + 1);
        // the provider's profile names the validators; "-" keeps the profile's own size limits
        ValidationRequest req = max.equals("-") ? ProfileChecks.of(provider, purpose, ext)
                : ProfileChecks.of(provider, purpose, ext, Long.parseLong(max));
        // a small buffer too, so the long-line streaming path sees the whole corpus as well
        for (int buffer : new int[] {1 << 20, 4096}) {
            Prepared p = Preparer.prepare(path, List.of(req), new Preparer.Options(buffer, true));
            ValidationReport r = p.reports().get(0);
            List<String> got = r.problems().stream().map(x -> x.code() + "@" + x.line()).sorted().toList();
            List<String> want = expected.equals("ok") ? List.of()
                    : Arrays.stream(expected.split(" ")).sorted().toList();
            assertEquals(want, got, () -> "buffer " + buffer + ": " + r.problems());
            assertEquals(want.size(), r.totalProblems());
            assertEquals(want.isEmpty(), r.ok());
            for (Problem x : r.problems()) {
                assertTrue(x.message() != null && !x.message().isBlank(), "a message for " + x);
                assertTrue(Codes.MEANINGS.containsKey(x.code()), "documented code " + x.code());
            }
            assertEquals(Files.size(path), p.bytes());
        }
    }

}
