package filegate.provider;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The words a rule or a folder may use for a purpose, and how one word becomes each provider's own.
 * A purpose has one canonical name (OpenAI's: fine-tune, batch, evals, ...); each profile says how its
 * provider spells the ones it takes (Together: eval, batch-api). A word is understood when it is a
 * canonical name, any profile's spelling, or in the small synonym table below; it is translated only
 * into the target provider's word, and a provider that has no word for it refuses the file.
 */
public final class Purposes {
    /** The canonical names. */
    public static final Set<String> CANONICAL = ProviderProfile.CANONICAL_PURPOSES;

    /** Other spellings users write for a canonical purpose (provider word → canonical). */
    public static final Map<String, String> SYNONYMS = Map.of("eval", "evals", "batch-api", "batch");

    private Purposes() {
    }

    /** The canonical name of a word; a word no profile or synonym knows is returned as it is. */
    public static String canonical(String word) {
        if (word == null || CANONICAL.contains(word)) {
            return word;
        }
        String synonym = SYNONYMS.get(word);
        if (synonym != null) {
            return synonym;
        }
        for (String type : Profiles.types()) {
            for (Map.Entry<String, String> e : Profiles.byType(type).orElseThrow().purposes.entrySet()) {
                if (e.getValue().equals(word)) {
                    return e.getKey();
                }
            }
        }
        return word;
    }

    /** Every word understood as a purpose: canonical names, synonyms, and every profile's spellings. */
    public static Set<String> words() {
        Set<String> all = new TreeSet<>(CANONICAL);
        all.addAll(SYNONYMS.keySet());
        for (String type : Profiles.types()) {
            ProviderProfile p = Profiles.byType(type).orElseThrow();
            all.addAll(p.purposes.keySet());
            all.addAll(p.purposes.values());
        }
        return all;
    }

    /** What a profile takes, in its own words with the canonical name beside: "eval (evals), fine-tune". */
    public static String accepted(ProviderProfile profile) {
        Map<String, String> byWord = new TreeMap<>();
        profile.purposes.forEach((canonical, word) -> byWord.put(word, canonical));
        return byWord.entrySet().stream()
                .map(e -> e.getKey().equals(e.getValue()) ? e.getKey() : e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
    }
}
