package filegate.source;

import java.util.Optional;

/**
 * Whether a source can be read right now; readiness is DOWN while any source says it cannot. Drop
 * folders get one each from their route; another kind of source (S3) binds an instance in the Camel
 * registry and is picked up the same way.
 */
public interface SourceCheck {
    /** Names the source in /observe/health as {@code source:<id>}, e.g. the route id. */
    String id();

    /** What makes the source unusable, in words a person can act on; empty while it is usable. */
    Optional<String> problem();
}
