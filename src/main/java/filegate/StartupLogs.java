package filegate;

import java.util.ArrayList;
import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.filter.AbstractFilter;
import org.apache.logging.log4j.core.filter.Filterable;

/**
 * Holds back what is logged while Filegate starts. A start that ends in a configuration error then
 * prints only the line naming what to fix, not the INFO lines (provider descriptions, probe results)
 * written before the error was found; a good start prints them all, in order, as soon as it is up.
 * At FILEGATE_LOG_LEVEL=DEBUG or finer nothing is held: that person wants every line as it happens.
 */
final class StartupLogs {
    /** More than a start-up writes; beyond it lines pass at once rather than pile up in memory. */
    private static final int MOST_HELD = 10_000;
    /** The marker of a line that is never held (filegate.manifest.IndexFile uses it by this name). */
    static final String LONG_WAIT = "LONG_WAIT";

    private record Held(Appender appender, LogEvent event) {
    }

    private final List<Held> held = new ArrayList<>();
    private final List<Gate> gates = new ArrayList<>();
    private boolean open;

    private StartupLogs() {
    }

    /** Starts holding every log line until {@link #release()} or {@link #discard()}. */
    static StartupLogs hold() {
        StartupLogs logs = new StartupLogs();
        LoggerContext ctx = LoggerContext.getContext(false);
        if (ctx.getConfiguration().getRootLogger().getLevel().isLessSpecificThan(Level.DEBUG)) {
            logs.open = true;
            return logs;
        }
        for (Appender a : ctx.getConfiguration().getAppenders().values()) {
            if (a instanceof Filterable f) {
                Gate g = logs.new Gate(a);
                f.addFilter(g);
                logs.gates.add(g);
            }
        }
        return logs;
    }

    /** Started: writes what was held, in order, and lets every later line through. */
    void release() {
        synchronized (this) {
            if (open) {
                return;
            }
            // under the lock: a line logged meanwhile waits in keep() and then follows the held ones
            for (Held h : held) {
                h.appender().append(h.event());
            }
            held.clear();
            open = true;
        }
        removeGates();
    }

    /** The start failed with a configuration error: what was held is dropped, only the error line shows. */
    void discard() {
        synchronized (this) {
            held.clear();
            open = true;
        }
        removeGates();
    }

    private void removeGates() {
        for (Gate g : gates) {
            ((Filterable) g.appender).removeFilter(g);
        }
        gates.clear();
    }

    private synchronized boolean keep(Appender appender, LogEvent event) {
        if (open || held.size() >= MOST_HELD) {
            return false;
        }
        if (event.getMarker() != null && event.getMarker().isInstanceOf(LONG_WAIT)) {
            // a line announcing a long wait (the manifest index being rebuilt) goes out at once: without it
            // the person would watch a silent start for a minute
            return false;
        }
        // events may be reused objects (log4j's garbage-free mode): keep a copy
        held.add(new Held(appender, event.toImmutable()));
        return true;
    }

    /** Sits on one appender and takes each event out of its way while the start-up is under way. */
    private final class Gate extends AbstractFilter {
        private final Appender appender;

        Gate(Appender appender) {
            this.appender = appender;
        }

        @Override
        public Result filter(LogEvent event) {
            return keep(appender, event) ? Result.DENY : Result.NEUTRAL;
        }
    }
}
