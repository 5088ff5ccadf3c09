package filegate.source;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What the pipeline decided about an item, as a source needs it to commit: whether every delivery
 * succeeded, whether the file waits for a provider's processing verdict, and the failure report in the
 * shapes a source writes it (sidecars beside a file, or one JSON document for an object store).
 */
public interface ItemVerdict {
    /** Every delivery was uploaded or found as a duplicate. */
    boolean delivered();

    /** Delivered, but a provider's processing verdict is awaited before the item counts as done. */
    boolean held();

    /** Some provider got bytes that were not the ones validated (the file changed while it was sent). */
    boolean sentChangedBytes();

    /** Writes {@code <target>.error.json} (and the validation report, if any) beside a file moved to target. */
    void writeSidecars(Path target) throws IOException;

    /** The failure report as one JSON document, with this advice on what to do next. */
    String reportJson(String advice);

    /** Writes the failure report files at target (+ {@code .error.json}, ...), with this advice. */
    void writeReports(Path target, String advice);
}
