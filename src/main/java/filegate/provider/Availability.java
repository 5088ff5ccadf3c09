package filegate.provider;

import java.util.Collection;
import java.util.Optional;

/**
 * Whether files may be sent to a provider now. In watch mode a source holds back the files bound for a
 * provider the last probe found unusable (key refused, wrong URL, unreachable, quota gone, 5xx): they
 * stay where they are, untouched, and are taken once a later probe finds the provider usable again,
 * instead of failing one by one into {@code .failed/}.
 */
@FunctionalInterface
public interface Availability {
    /** Everything may be sent (one-shot runs, or no probe). */
    Availability ALWAYS = provider -> Optional.empty();

    /** Why files for {@code provider} must wait now; empty when they may go. */
    Optional<String> unusable(String provider);

    /** The first of {@code providers} whose files must wait, if any. */
    default Optional<String> firstUnusable(Collection<String> providers) {
        for (String p : providers) {
            if (unusable(p).isPresent()) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
