package filegate.source;

import java.io.File;

import filegate.pipeline.Outcomes;
import filegate.rules.Rules;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Lets through only files some naming rule claims. A file no rule matches stays where it is and is
 * recorded as {@code unmatched} once (again only if its size changes), after it has been still for the
 * stable time, so that a file still being written is not reported half-way.
 */
public final class SourceFilter implements GenericFileFilter<File> {
    private final Rules rules;
    private final Outcomes outcomes;
    private final long stableMs;

    public SourceFilter(Rules rules, Outcomes outcomes, long stableMs) {
        this.rules = rules;
        this.outcomes = outcomes;
        this.stableMs = stableMs;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        if (file.isDirectory()) {
            return true;
        }
        String rel = SourcePaths.relative(file);
        if (rules.classify(rel, file.getFileLength()).isPresent()) {
            return true;
        }
        if (System.currentTimeMillis() - file.getLastModified() >= stableMs) {
            outcomes.unmatchedOnce(SourcePaths.display(file), rel, file.getFileLength());
        }
        return false;
    }
}
