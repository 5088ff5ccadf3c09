package filegate;

import java.util.List;

/** How Filegate runs, from the command line. */
public enum Mode {
    /** Poll the sources until stopped (SIGTERM = graceful). */
    WATCH,
    /** Poll every source once, finish that work, print a summary and exit. */
    SYNC;

    public static final String USAGE = "usage: java -jar filegate.jar [--sync]";

    public static Mode parse(List<String> args) {
        Mode mode = WATCH;
        for (String a : args) {
            switch (a) {
                case "--sync" -> mode = SYNC;
                default -> throw new ConfigException("unknown argument '" + a + "'; " + USAGE);
            }
        }
        return mode;
    }

    public boolean oneShot() {
        return this != WATCH;
    }
}
