package filegate.store;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.core.JsonProcessingException;
import filegate.ConfigException;
import filegate.FilegateApp;
import filegate.Settings;
import filegate.manifest.Lines;
import filegate.manifest.ManifestEntry;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * {@code --import-manifest FILE}: loads a JSONL manifest's lines into the shared store, each line once
 * (its text's sha256 is unique in the store, so importing the same history twice adds nothing);
 * {@code --export-manifest FILE}: writes the store's lines out, in order and exactly as they were
 * written, as a JSONL manifest the embedded store can run on. Neither polls a source or calls a provider.
 */
public final class ManifestTransfer {
    private static final int BATCH = 1000;

    private final boolean importing;
    private final String file;

    public ManifestTransfer(boolean importing, String file) {
        this.importing = importing;
        this.file = file;
    }

    /** @return an exit code: 0 done, 2 a setting, the store or the file cannot be used */
    public int run(Path properties, Map<String, String> overrides, PrintStream out, PrintStream err) {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            // the settings as a run would read them: the config folder's file, -D, FILEGATE_* variables
            context.getPropertiesComponent().setLocation("file:" + properties + ";optional=true");
            Properties o = new Properties();
            o.putAll(overrides);
            context.getPropertiesComponent().setOverrideProperties(o);
            StoreSettings s = StoreSettings.of(Settings.of(context)).orElseThrow(() -> new ConfigException(
                    (importing ? "--import-manifest" : "--export-manifest") + " works on the shared store: set"
                            + " filegate.store=jdbc:postgresql://... (see docs/several-nodes.md)"));
            try (PgStore store = PgStore.open(s, false, importing ? "import" : "export")) {
                if (importing) {
                    importLines(store, out, err);
                } else {
                    exportLines(store, out, err);
                }
            }
            return FilegateApp.OK;
        } catch (ConfigException e) {
            err.println("filegate: " + e.getMessage());
            return FilegateApp.CONFIG_ERROR;
        } catch (IOException e) {
            err.println("filegate: " + file + ": " + e.getMessage());
            return FilegateApp.CONFIG_ERROR;
        } catch (SQLException e) {
            err.println("filegate: the store cannot be used: " + e.getMessage());
            return FilegateApp.CONFIG_ERROR;
        }
    }

    private void importLines(PgStore store, PrintStream out, PrintStream err) throws IOException, SQLException {
        long added = 0;
        long there = 0;
        long invalid = 0;
        int lineNo = 0;
        try (BufferedReader r = file.equals("-") ? new BufferedReader(new InputStreamReader(System.in,
                StandardCharsets.UTF_8)) : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
             Connection c = store.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(PgStore.INSERT_IMPORTED)) {
            c.setAutoCommit(false);
            int pending = 0;
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String text = line.strip();
                if (text.isEmpty()) {
                    continue;
                }
                ManifestEntry e;
                try {
                    e = Lines.parse(text);
                } catch (JsonProcessingException ex) {
                    // as a start-up replay does: a crash mid-write leaves a cut line
                    invalid++;
                    err.println("filegate: " + file + " line " + lineNo + " is not valid JSON and is not"
                            + " imported: " + ex.getOriginalMessage());
                    continue;
                }
                PgStore.bind(ps, 1, e, null, text, PgStore.sha256(text));
                ps.addBatch();
                if (++pending == BATCH) {
                    long[] n = flush(ps, c);
                    added += n[0];
                    there += n[1];
                    pending = 0;
                }
            }
            long[] n = flush(ps, c);
            added += n[0];
            there += n[1];
        }
        out.printf("filegate: imported %d line(s) from %s into %s; %d were there already%s%n", added, file,
                store.settings().where(), there, invalid == 0 ? "" : ", " + invalid + " not valid JSON (skipped)");
    }

    /** Runs the batch in one transaction; returns {added, already there}. */
    private static long[] flush(PreparedStatement ps, Connection c) throws SQLException {
        long added = 0;
        long there = 0;
        for (int n : ps.executeBatch()) {
            if (n > 0) {
                added++;
            } else {
                there++;
            }
        }
        c.commit();
        return new long[] {added, there};
    }

    private void exportLines(PgStore store, PrintStream out, PrintStream err) throws IOException, SQLException {
        boolean toStdout = file.equals("-");
        Path target = toStdout ? null : Path.of(file).toAbsolutePath();
        Path tmp = toStdout ? null : Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        long lines = 0;
        try (Connection c = store.dataSource().getConnection();
             Writer w = toStdout ? new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))
                     : Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            // a cursor, not the whole table in memory
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT line FROM filegate_event ORDER BY seq")) {
                ps.setFetchSize(BATCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        w.write(rs.getString(1));
                        w.write('\n');
                        lines++;
                    }
                }
            }
            c.commit();
        } catch (IOException | SQLException | RuntimeException e) {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
            throw e;
        }
        if (!toStdout) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        // on standard output the lines are the output: the count goes beside them
        (toStdout ? err : out).printf("filegate: exported %d line(s) from %s to %s%n", lines, store.settings().where(),
                toStdout ? "standard output" : target);
    }
}
