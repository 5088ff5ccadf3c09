package filegate.report;

import java.io.PrintStream;
import java.util.List;

import filegate.lifecycle.ProviderCalls;
import filegate.manifest.Manifest;
import filegate.manifest.ManifestEntry;
import filegate.provider.Provider;

/**
 * Deletes at the provider ({@code DELETE {base}/files/{id}}) what the listing just printed shows, only with
 * {@code --apply}; each deletion is a {@code deleted} line (a 404 a {@code gone} line), written before the
 * next one is asked for, so an interrupted prune leaves a manifest that says exactly what happened.
 */
final class Prune {
    private final Manifest manifest;
    private final ProviderCalls calls;
    /** Where each deletion is said: stdout beside the table, stderr when stdout carries JSON rows. */
    private final PrintStream notes;

    Prune(Manifest manifest, ProviderCalls calls, PrintStream notes) {
        this.manifest = manifest;
        this.calls = calls;
        this.notes = notes;
    }

    int run(String what, List<Orphans.Row> rows, List<Provider> providers, boolean apply) {
        if (!apply) {
            notes.println("prune: " + rows.size() + " file(s) would be deleted (dry run); run again with --prune "
                    + what + " --apply to delete them");
            return 0;
        }
        int deleted = 0;
        int failed = 0;
        for (Orphans.Row r : rows) {
            Provider p = providers.stream().filter(x -> x.name().equals(r.provider())).findFirst().orElseThrow();
            ProviderCalls.Answer a = calls.delete(p, p.retrieveUrl(r.fileId()));
            if (a.ok() || a.status() == 404) {
                ManifestEntry e = new ManifestEntry(a.ok() ? "deleted" : "gone");
                e.source = r.source();
                e.provider = r.provider();
                e.purpose = r.purpose();
                e.fileId = r.fileId();
                e.filename = r.filename();
                e.bytes = r.bytes();
                e.reason = a.ok() ? "--prune " + what + " --apply: " + r.note()
                        : "--prune " + what + ": the provider answered 404, it no longer has the file";
                manifest.append(e);
                deleted++;
                notes.println((a.ok() ? "deleted " : "already gone ") + r.provider() + " " + r.fileId() + " ("
                        + r.kind() + ", " + r.filename() + ")");
            } else {
                failed++;
                notes.println("not deleted " + r.provider() + " " + r.fileId() + ": " + a.failure());
            }
        }
        notes.println("prune: " + deleted + " file(s) deleted, " + failed + " not deleted");
        return failed > 0 ? 1 : 0;
    }
}
