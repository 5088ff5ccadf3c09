package filegate.provider;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The built-in provider profiles, by type name. */
public final class Profiles {
    private static final long MB = 1_000_000L;

    public static final ProviderProfile OPENAI = new ProviderProfile(
            "openai", "https://api.openai.com/v1", "OPENAI_API_KEY", true, "/files",
            Map.of("assistants", "assistants", "batch", "batch", "fine-tune", "fine-tune", "vision", "vision",
                    "user_data", "user_data", "evals", "evals"),
            Map.of("fine-tune", Set.of("jsonl"), "batch", Set.of("jsonl")),
            512 * MB, Map.of("batch", 200 * MB), Set.of(200), true);

    private static final Map<String, ProviderProfile> BY_TYPE = Map.of(OPENAI.type, OPENAI);

    private Profiles() {
    }

    public static Optional<ProviderProfile> byType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    public static Set<String> types() {
        return BY_TYPE.keySet();
    }
}
