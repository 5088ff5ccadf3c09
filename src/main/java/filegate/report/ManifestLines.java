package filegate.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import filegate.manifest.Lines;
import filegate.manifest.Manifest;
import filegate.manifest.ManifestEntry;
import filegate.store.PgStore;

/**
 * Every line of the manifest, oldest first, one at a time: the JSONL file read as a stream, or the shared
 * store's table through a cursor. Nothing is held in memory but what the caller keeps. A line that is not
 * JSON (a crash cut it short) is skipped, as the manifest's own replay skips it.
 */
public final class ManifestLines {
    private ManifestLines() {
    }

    /** @param jsonl the JSONL manifest's path (used when {@code manifest} is not the shared store) */
    public static void forEach(Manifest manifest, Path jsonl, Consumer<ManifestEntry> each) {
        if (manifest instanceof PgStore pg) {
            fromStore(pg, each);
            return;
        }
        if (!Files.exists(jsonl)) {
            return;
        }
        try (BufferedReader r = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                accept(line, each);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading manifest " + jsonl + ": " + e.getMessage(), e);
        }
    }

    private static void fromStore(PgStore store, Consumer<ManifestEntry> each) {
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false); // a cursor, not the whole table in memory
            try (PreparedStatement ps = c.prepareStatement("SELECT line FROM filegate_event ORDER BY seq")) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        accept(rs.getString(1), each);
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("reading the store " + store.settings().where() + ": " + e.getMessage(), e);
        }
    }

    private static void accept(String line, Consumer<ManifestEntry> each) {
        if (line.isBlank()) {
            return;
        }
        try {
            ManifestEntry e = Lines.parse(line);
            if (e.event != null) {
                each.accept(e);
            }
        } catch (JsonProcessingException e) {
            // a line cut short by a crash: the manifest's replay warns about it already
        }
    }
}
