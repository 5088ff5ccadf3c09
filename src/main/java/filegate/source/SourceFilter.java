package filegate.source;

import java.io.File;
import java.util.Optional;

import filegate.provider.Availability;
import filegate.rules.Classification;
import filegate.rules.Rules;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Lets through only files some naming rule claims. A file no rule matches stays where it is and is
 * recorded as {@code unmatched} once (again only if its size changes), after it has been still for the
 * stable time, so that a file still being written is not reported half-way. A file bound for a provider
 * that is unusable now stays too, until it is usable again (see {@link Availability}). A file a one-shot
 * run left in place after a failure is not taken again by that run. Before all that, {@link SourceGuard}
 * refuses links that lead out of the folder and names that cannot be shown (see there).
 */
public final class SourceFilter implements GenericFileFilter<File> {
    private final Rules rules;
    private final SourceEvents outcomes;
    private final long stableMs;
    private final Availability availability;
    private final SyncTracker tracker;
    private final SourceGuard guard;

    public SourceFilter(Rules rules, SourceEvents outcomes, long stableMs, Availability availability, SyncTracker tracker,
                        SourceGuard guard) {
        this.guard = guard;
        this.rules = rules;
        this.outcomes = outcomes;
        this.stableMs = stableMs;
        this.availability = availability;
        this.tracker = tracker;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        String rel = SourcePaths.relative(file);
        // before anything reads the entry or descends into it: a link out of the folder, an unreadable name
        Optional<SourceGuard.Refusal> refused = guard.check(file.getEndpointPath(), rel, file.isDirectory());
        if (refused.isPresent()) {
            outcomes.refuse(SourceGuard.printable(SourcePaths.display(file)),
                    file.isDirectory() ? 0 : file.getFileLength(), refused.get().code(), refused.get().reason());
            return false;
        }
        if (file.isDirectory()) {
            return true;
        }
        if (tracker.stayedBefore(file.getAbsoluteFilePath())) {
            return false;
        }
        Optional<Classification> c = rules.classify(rel, file.getFileLength());
        Optional<String> undeliverable = c.flatMap(rules::undeliverable);
        if (undeliverable.isPresent()) {
            outcomes.refuse(SourceGuard.printable(SourcePaths.display(file)), file.getFileLength(),
                    "PROVIDER_NOT_CONFIGURED", undeliverable.get());
            return false;
        }
        if (c.isPresent()) {
            long age = System.currentTimeMillis() - file.getLastModified();
            if (outcomes.dryRun() && age < stableMs) {
                // a run would wait for it; a plan says so instead of leaving it out
                outcomes.waiting(SourcePaths.display(file), rel, file.getFileLength(), Math.max(0, age), stableMs);
                return false;
            }
            return availability.firstUnusable(c.get().providers()).isEmpty();
        }
        if (System.currentTimeMillis() - file.getLastModified() >= stableMs) {
            outcomes.unmatchedOnce(SourcePaths.display(file), rel, file.getFileLength());
        }
        return false;
    }
}
