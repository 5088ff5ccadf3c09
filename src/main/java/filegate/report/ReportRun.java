package filegate.report;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import filegate.lifecycle.ProviderCalls;
import filegate.manifest.Manifest;
import filegate.provider.FileRecord;
import filegate.provider.Provider;
import org.apache.camel.CamelContext;

/**
 * {@code --report orphans}, {@code --report manifest} and {@code --prune expired|orphans [--apply]}: the
 * manifest read line by line, the provider's file list read page by page; nothing is changed unless
 * {@code --prune ... --apply} is given, and then only the files the same listing shows.
 *
 * @param command  report or prune
 * @param what     orphans or manifest (report); orphans or expired (prune)
 * @param since    --report manifest: rows whose latest line is at or after this; null for all
 */
public record ReportRun(String command, String what, Instant since, Table.Format format, boolean apply) {
    static final List<String> ORPHAN_COLUMNS = List.of("kind", "provider", "file_id", "purpose", "bytes", "created_at",
            "expires_at", "filename", "source", "note");

    public static ReportRun report(String what, Instant since, boolean json, boolean csv) {
        return new ReportRun("report", what, since, json ? Table.Format.JSON : csv ? Table.Format.CSV
                : Table.Format.TEXT, false);
    }

    public static ReportRun prune(String what, boolean json, boolean apply) {
        return new ReportRun("prune", what, null, json ? Table.Format.JSON : Table.Format.TEXT, apply);
    }

    /**
     * Runs it and returns the exit code: 0 done, 1 a deletion failed, 2 the manifest or a provider's list could
     * not be read (one line on stderr says which).
     */
    public int run(CamelContext ctx, Manifest manifest, Path jsonl, List<Provider> providers, Duration skew,
                   int attempts, long firstDelayMs, PrintStream out, PrintStream err) {
        try {
            if (command.equals("report") && what.equals("manifest")) {
                SourceOutcomes.table(manifest, jsonl, since).print(out, format);
                return 0;
            }
            ProviderCalls calls = new ProviderCalls(ctx);
            ManifestState state = ManifestState.read(manifest, jsonl);
            ProviderFiles lists = new ProviderFiles(calls, attempts, firstDelayMs);
            long now = System.currentTimeMillis() / 1000;
            List<Orphans.Row> rows = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (Provider p : providers) {
                ManifestState.Sent sent = state.sent.get(p.name());
                Set<String> purposes = sent == null ? Set.of() : new HashSet<>(sent.purposes);
                state.uploads.values().stream().filter(u -> u.line.provider.equals(p.name()))
                        .forEach(u -> purposes.add(u.line.providerPurpose != null ? u.line.providerPurpose
                                : u.line.purpose));
                if (purposes.isEmpty()) {
                    notes.add(p.name() + ": the manifest has sent nothing to it, so nothing there can be Filegate's");
                    continue;
                }
                Map<String, FileRecord> listed = lists.list(p, purposes);
                Orphans.Result r = Orphans.compare(p, listed, state, manifest.index(), skew, now);
                rows.addAll(r.rows().stream().filter(this::selected).toList());
                notes.add(p.name() + ": " + r.listed() + " file(s) listed for purpose(s) " + String.join(", ",
                        purposes.stream().sorted().toList()) + "; " + r.notOurs() + " not counted (names Filegate"
                        + " never sent, or older than its first upload there)");
            }
            Table t = new Table(ORPHAN_COLUMNS);
            rows.forEach(r -> t.add(r.kind(), r.provider(), r.fileId(), r.purpose(), r.bytes(), time(r.createdAt()),
                    time(r.expiresAt()), r.filename(), r.source(), r.note()));
            t.print(out, format);
            PrintStream notesTo = format == Table.Format.TEXT ? out : err;
            notes.forEach(n -> notesTo.println(command + ": " + n));
            if (command.equals("report")) {
                notesTo.println("report: " + count(rows, "orphan") + " orphan(s), " + count(rows, "missing")
                        + " missing, " + count(rows, "expired") + " expired but still listed");
                return 0;
            }
            return new Prune(manifest, calls, notesTo).run(what, rows, providers, apply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("filegate: interrupted");
            return 2;
        } catch (RuntimeException e) {
            err.println("filegate: " + command + " " + what + ": " + e.getMessage());
            return 2;
        }
    }

    /** --prune orphans works on orphan rows only, --prune expired on expired ones; a report shows all. */
    private boolean selected(Orphans.Row r) {
        return command.equals("report") || r.kind().equals(what.equals("orphans") ? "orphan" : "expired");
    }

    private static long count(List<Orphans.Row> rows, String kind) {
        return rows.stream().filter(r -> r.kind().equals(kind)).count();
    }

    private static String time(Long epochSeconds) {
        return epochSeconds == null ? null : Instant.ofEpochSecond(epochSeconds).toString();
    }
}
