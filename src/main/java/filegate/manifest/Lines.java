package filegate.manifest;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.core.JsonProcessingException;

/** A manifest line as text, the same for every store: what the JSONL file holds and the SQL store keeps. */
public final class Lines {
    private Lines() {
    }

    /** The entry as one JSON line (no newline); stamps {@code ts} if unset, as every append does. */
    public static String toLine(ManifestEntry entry) {
        if (entry.ts == null) {
            entry.ts = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        }
        try {
            return JsonlManifest.JSON.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one line; fields Filegate does not know are left out of the entry (the line keeps them). */
    public static ManifestEntry parse(String line) throws JsonProcessingException {
        return JsonlManifest.JSON.readValue(line, ManifestEntry.class);
    }
}
