package filegate;

import java.util.List;

/**
 * How Filegate runs, from the command line.
 *
 * @param configDir where application.properties and routes/ are ({@code --config-dir}), or null when
 *                  not given on the command line
 */
public record Mode(Kind kind, boolean json, String configDir, String file, String what, String since, boolean csv,
                   boolean apply) {
    public enum Kind {
        /** Poll the sources until stopped (SIGTERM = graceful). */
        WATCH,
        /** Poll every source once, finish that work, print a summary and exit. */
        SYNC,
        /** Poll every source once, classify and validate, upload and move nothing, print the plan. */
        DRY_RUN,
        /** Move every drop folder's .failed/ files back to where they were dropped; no source is polled. */
        REQUEUE_FAILED,
        /** Print the usage (stdout) and exit 0; nothing is read or started. */
        HELP,
        /** Print Filegate's, Camel's and Java's versions and exit 0. */
        VERSION,
        /** Load a JSONL manifest into the shared store (filegate.store); lines already there are skipped. */
        IMPORT_MANIFEST,
        /** Write the shared store's lines out as a JSONL manifest. */
        EXPORT_MANIFEST,
        /** {@code --report orphans|manifest}: what is up there, read-only (docs/after-upload.md). */
        REPORT,
        /** {@code --prune expired|orphans [--apply]}: delete at the provider what the report lists; dry by default. */
        PRUNE,
        /** Rewrite the embedded manifest to its latest state per source and content, keeping a backup. */
        COMPACT_MANIFEST
    }

    public static final String USAGE = "usage: java -jar filegate.jar [--sync | --dry-run [--json] | --requeue-failed"
            + " | --compact-manifest] [--config-dir DIR] | --help | --version";
    /** What is up there (docs/after-upload.md). */
    public static final String INSPECT_USAGE = "usage: java -jar filegate.jar --report orphans [--json]"
            + " | --report manifest [--since DATE] [--json|--csv] | --prune expired|orphans [--apply] [--config-dir DIR]";
    /** The shared store's own commands (docs/several-nodes.md). */
    public static final String STORE_USAGE =
            "usage: java -jar filegate.jar --import-manifest FILE | --export-manifest FILE [--config-dir DIR]";

    public static Mode parse(List<String> args) {
        // asked for anywhere, help and the version answer alone: the person wants to know, not to run
        if (args.contains("--help") || args.contains("-h")) {
            return new Mode(Kind.HELP, false, null, null, null, null, false, false);
        }
        if (args.contains("--version")) {
            return new Mode(Kind.VERSION, false, null, null, null, null, false, false);
        }
        Kind kind = Kind.WATCH;
        boolean json = false;
        String configDir = null;
        String file = null;
        String what = null;
        String since = null;
        boolean csv = false;
        boolean apply = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--config-dir=")) {
                configDir = a.substring("--config-dir=".length());
                continue;
            }
            switch (a) {
                case "--sync" -> kind = pick(kind, Kind.SYNC);
                case "--dry-run" -> kind = pick(kind, Kind.DRY_RUN);
                case "--requeue-failed" -> kind = pick(kind, Kind.REQUEUE_FAILED);
                case "--compact-manifest" -> kind = pick(kind, Kind.COMPACT_MANIFEST);
                case "--json" -> json = true;
                case "--csv" -> csv = true;
                case "--apply" -> apply = true;
                case "--report", "--prune" -> {
                    kind = pick(kind, a.equals("--report") ? Kind.REPORT : Kind.PRUNE);
                    List<String> allowed = a.equals("--report") ? List.of("orphans", "manifest")
                            : List.of("expired", "orphans");
                    if (i + 1 >= args.size() || !allowed.contains(args.get(i + 1))) {
                        throw new ConfigException(a + " needs one of " + String.join(", ", allowed) + "; " + INSPECT_USAGE);
                    }
                    what = args.get(++i);
                }
                case "--since" -> {
                    if (i + 1 >= args.size()) {
                        throw new ConfigException("--since needs a date (2026-12-01 or 2026-12-01T08:00:00Z); " + INSPECT_USAGE);
                    }
                    since = args.get(++i);
                }
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
        if (json && kind != Kind.DRY_RUN && kind != Kind.REPORT && kind != Kind.PRUNE) {
            throw new ConfigException("--json goes with --dry-run, --report or --prune; " + USAGE);
        }
        boolean manifestReport = kind == Kind.REPORT && "manifest".equals(what);
        if ((csv || since != null) && !manifestReport) {
            throw new ConfigException((csv ? "--csv" : "--since") + " goes with --report manifest; " + INSPECT_USAGE);
        }
        if (csv && json) {
            throw new ConfigException("--json and --csv exclude each other; " + INSPECT_USAGE);
        }
        if (apply && kind != Kind.PRUNE) {
            throw new ConfigException("--apply goes with --prune; " + INSPECT_USAGE);
        }
        if (since != null) {
            sinceInstant(since); // refused now, before anything is read
        }
        return new Mode(kind, json, configDir, file, what, since, csv, apply);
    }

    /** {@code --since}: a day (UTC midnight) or an ISO instant. */
    public static java.time.Instant sinceInstant(String since) {
        try {
            return since.length() == 10 ? java.time.LocalDate.parse(since).atStartOfDay(java.time.ZoneOffset.UTC)
                    .toInstant() : java.time.OffsetDateTime.parse(since).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigException("--since " + since + " is not a date: use 2026-12-01 (UTC) or"
                    + " 2026-12-01T08:00:00Z");
        }
    }

    private static Kind pick(Kind current, Kind wanted) {
        if (current != Kind.WATCH && current != wanted) {
            throw new ConfigException("--sync, --dry-run, --requeue-failed, --compact-manifest, --report, --prune,"
                    + " --import-manifest and"
                    + " --export-manifest exclude each other; " + USAGE);
        }
        return wanted;
    }

    /** Sources poll once (or not at all) and the process exits when that work is done. */
    public boolean oneShot() {
        return kind != Kind.WATCH;
    }

    /** Works on the store alone: no source is polled, no provider called. */
    public boolean storeOnly() {
        return kind == Kind.IMPORT_MANIFEST || kind == Kind.EXPORT_MANIFEST || kind == Kind.COMPACT_MANIFEST;
    }

    public boolean dryRun() {
        return kind == Kind.DRY_RUN;
    }

    public boolean requeue() {
        return kind == Kind.REQUEUE_FAILED;
    }

    /** --report or --prune: the routes are read but none starts; the command's lines are its output. */
    public boolean inspects() {
        return kind == Kind.REPORT || kind == Kind.PRUNE;
    }

    /** Reads the provider's file list (and so needs its key): every report but --report manifest. */
    public boolean asksProviders() {
        return inspects() && !"manifest".equals(what);
    }

    /** Writes to the manifest: not a dry run, and of the reports only --prune --apply (which records deletions). */
    public boolean writesManifest() {
        return inspects() ? kind == Kind.PRUNE && apply : kind != Kind.DRY_RUN;
    }

    /** Only watching and syncing send files, so only they need keys and probe the providers. */
    public boolean sends() {
        return kind == Kind.WATCH || kind == Kind.SYNC;
    }

    /** Answered from the command line alone (help, version): no configuration is read. */
    public boolean informational() {
        return kind == Kind.HELP || kind == Kind.VERSION;
    }
}
