package filegate;

import java.util.List;

/**
 * How Filegate runs, from the command line.
 *
 * @param configDir where application.properties and routes/ are ({@code --config-dir}), or null when
 *                  not given on the command line
 */
public record Mode(Kind kind, boolean json, String configDir, String file) {
    public enum Kind {
        /** Poll the sources until stopped (SIGTERM = graceful). */
        WATCH,
        /** Poll every source once, finish that work, print a summary and exit. */
        SYNC,
        /** Poll every source once, classify and validate, upload and move nothing, print the plan. */
        DRY_RUN,
        /** Load a JSONL manifest into the shared store (filegate.store); lines already there are skipped. */
        IMPORT_MANIFEST,
        /** Write the shared store's lines out as a JSONL manifest. */
        EXPORT_MANIFEST
    }

    public static final String USAGE =
            "usage: java -jar filegate.jar [--sync | --dry-run [--json]] [--config-dir DIR]";
    /** The shared store's own commands (docs/several-nodes.md). */
    public static final String STORE_USAGE =
            "usage: java -jar filegate.jar --import-manifest FILE | --export-manifest FILE [--config-dir DIR]";

    public static Mode parse(List<String> args) {
        Kind kind = Kind.WATCH;
        boolean json = false;
        String configDir = null;
        String file = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--config-dir=")) {
                configDir = a.substring("--config-dir=".length());
                continue;
            }
            switch (a) {
                case "--sync" -> kind = pick(kind, Kind.SYNC);
                case "--dry-run" -> kind = pick(kind, Kind.DRY_RUN);
                case "--json" -> json = true;
                case "--import-manifest", "--export-manifest" -> {
                    kind = pick(kind, a.equals("--import-manifest") ? Kind.IMPORT_MANIFEST : Kind.EXPORT_MANIFEST);
                    if (i + 1 >= args.size() || args.get(i + 1).isBlank()) {
                        throw new ConfigException(a + " needs a file (- for standard " + (kind == Kind.IMPORT_MANIFEST
                                ? "input" : "output") + "); " + STORE_USAGE);
                    }
                    file = args.get(++i);
                }
                case "--config-dir" -> {
                    if (i + 1 >= args.size()) {
                        throw new ConfigException("--config-dir needs a folder (the one holding application.properties"
                                + " and routes/); " + USAGE);
                    }
                    configDir = args.get(++i);
                }
                default -> throw new ConfigException("unknown argument '" + a + "'; " + USAGE);
            }
        }
        if (configDir != null && configDir.isBlank()) {
            throw new ConfigException("--config-dir needs a folder; " + USAGE);
        }
        if (json && kind != Kind.DRY_RUN) {
            throw new ConfigException("--json goes with --dry-run; " + USAGE);
        }
        return new Mode(kind, json, configDir, file);
    }

    private static Kind pick(Kind current, Kind wanted) {
        if (current != Kind.WATCH && current != wanted) {
            throw new ConfigException("--sync, --dry-run, --import-manifest and --export-manifest exclude each other; "
                    + USAGE);
        }
        return wanted;
    }

    /** Sources poll once and the process exits when that work is done. */
    public boolean oneShot() {
        return kind != Kind.WATCH;
    }

    /** Works on the store alone: no source is polled, no provider called. */
    public boolean storeOnly() {
        return kind == Kind.IMPORT_MANIFEST || kind == Kind.EXPORT_MANIFEST;
    }

    public boolean dryRun() {
        return kind == Kind.DRY_RUN;
    }
}
