package filegate.provider;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The built-in provider types, by type name. Each type is one profile class in this package
 * ({@code <Name>Profile}) holding everything Filegate knows of that provider; this class only registers them.
 */
public final class Profiles {
    public static final ProviderProfile OPENAI = OpenAiProfile.PROFILE;
    public static final ProviderProfile TOGETHER = TogetherProfile.PROFILE;
    public static final ProviderProfile VAERO = VaeroProfile.PROFILE;
    public static final ProviderProfile IMPALA = ImpalaProfile.PROFILE;
    public static final ProviderProfile OPENAI_COMPATIBLE = OpenAiCompatibleProfile.PROFILE;

    /** Every built-in type; a new provider is one profile (its own class) and one line here. */
    private static final Map<String, ProviderProfile> BY_TYPE = new TreeMap<>(Map.of(
            OPENAI.type, OPENAI, TOGETHER.type, TOGETHER, VAERO.type, VAERO, IMPALA.type, IMPALA,
            OPENAI_COMPATIBLE.type, OPENAI_COMPATIBLE,
            AnthropicProfile.PROFILE.type, AnthropicProfile.PROFILE,
            MistralProfile.PROFILE.type, MistralProfile.PROFILE));

    private Profiles() {
    }

    public static Optional<ProviderProfile> byType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    /** Type names, sorted. */
    public static Set<String> types() {
        return BY_TYPE.keySet();
    }
}
