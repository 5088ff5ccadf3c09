package filegate.source;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import filegate.ConfigException;
import filegate.lock.OwnerLock;
import filegate.manifest.Manifest;
import filegate.manifest.ManifestEntry;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.file.FileEndpoint;

/**
 * {@code --requeue-failed}: puts every file in a drop folder's {@code .failed/} back where it was dropped,
 * so the next run takes it again. Its reports ({@code <name>.error.json}, {@code <name>.errors.json})
 * describe the failure that is being retried: they move out of the way, to
 * {@code .failed/.requeued/<time>/} at the same relative path, and are never deleted. A file whose
 * original place is taken again stays in {@code .failed/} with its reports, and is reported: nothing is
 * overwritten. Each file moved back gets a {@code requeued} line in the manifest.
 */
public final class Requeue {
    static final String FAILED = ".failed";
    static final String REQUEUED = ".requeued";
    private static final List<String> REPORTS = List.of(".error.json", ".errors.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * A drop folder.
     *
     * @param display how the manifest names it: the folder as configured (sources are display + "/" + path)
     */
    public record Folder(Path dir, String display) {
    }

    /** How the run went: lines already printed, counts for the summary and the exit code. */
    public record Result(int moved, int refused) {
    }

    private final Manifest manifest;
    private final PrintStream out;
    private final Instant now;
    private int moved;
    private int refused;

    public Requeue(Manifest manifest, PrintStream out, Instant now) {
        this.manifest = manifest;
        this.out = out;
        this.now = now;
    }

    /** Every drop folder among the routes: the endpoints of file consumers, each folder once. */
    public static List<Folder> dropFolders(CamelContext ctx) {
        Map<Path, Folder> folders = new LinkedHashMap<>();
        for (Route r : ctx.getRoutes()) {
            if (r.getEndpoint() instanceof FileEndpoint fe) {
                String display = fe.getConfiguration().getDirectory().replace(java.io.File.separatorChar, '/');
                display = display.endsWith("/") && display.length() > 1 ? display.substring(0, display.length() - 1)
                        : display;
                Path dir = fe.getFile().toPath().toAbsolutePath().normalize();
                folders.putIfAbsent(dir, new Folder(dir, display));
            }
        }
        return List.copyOf(folders.values());
    }

    /** Requeues every folder, printing one line per file and a summary. */
    public Result run(List<Folder> folders) {
        List<String> reportDirs = new ArrayList<>();
        for (Folder f : folders) {
            requeue(f).ifPresent(reportDirs::add);
        }
        out.println("requeue: " + moved + " file(s) moved back, " + refused + " not moved (their place is taken)"
                + (reportDirs.isEmpty() ? "" : "; their reports are in " + String.join(", ", reportDirs)));
        return new Result(moved, refused);
    }

    /** One folder, under its owner lock like a run; returns where its reports went, if anywhere. */
    private java.util.Optional<String> requeue(Folder folder) {
        Path failed = folder.dir().resolve(FAILED);
        if (!Files.isDirectory(failed, LinkOption.NOFOLLOW_LINKS)) {
            return java.util.Optional.empty();
        }
        OwnerLock.Result lock;
        try {
            lock = OwnerLock.acquire(folder.dir().resolve(OwnerLock.FOLDER_LOCK));
        } catch (IOException e) {
            throw new ConfigException("drop folder " + folder.dir() + " cannot be locked (" + e.getMessage() + ")");
        }
        if (lock.lock() == null) {
            throw new ConfigException("drop folder " + folder.dir() + " is being watched by " + lock.heldBy()
                    + "; stop that process before --requeue-failed (one Filegate process per folder)");
        }
        try (OwnerLock held = lock.lock()) {
            Path reports = unique(failed.resolve(REQUEUED).resolve(STAMP.format(now)));
            boolean anyReport = false;
            for (Path file : failedFiles(failed)) {
                anyReport |= requeueOne(folder, failed, file, reports);
            }
            for (Path orphan : orphanReports(failed)) {
                // a report whose file is gone (moved back by hand): it describes nothing left in .failed/
                moveReport(orphan, reports.resolve(failed.relativize(orphan)));
                anyReport = true;
            }
            return anyReport ? java.util.Optional.of(display(folder, folder.dir().relativize(reports)) + "/")
                    : java.util.Optional.empty();
        }
    }

    /** @return whether reports were moved */
    private boolean requeueOne(Folder folder, Path failed, Path file, Path reports) {
        String relFailed = slashes(failed.relativize(file));
        String rel = originalPath(folder, file).orElse(relFailed);
        Path target = folder.dir().resolve(rel).normalize();
        String from = folder.display() + "/" + FAILED + "/" + relFailed;
        String to = folder.display() + "/" + rel;
        long bytes;
        try {
            bytes = Files.size(file);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.createDirectories(target.getParent());
            // no ATOMIC_MOVE: on Linux that is rename(2), which would silently replace a file dropped meanwhile
            Files.move(file, target, LinkOption.NOFOLLOW_LINKS);
        } catch (FileAlreadyExistsException e) {
            refused++;
            out.println("not moved " + from + ": " + to + " exists; rename or remove one of them, then run"
                    + " --requeue-failed again");
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " back to " + to + ": " + e.getMessage(), e);
        }
        boolean anyReport = false;
        for (String suffix : REPORTS) {
            Path report = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(report, LinkOption.NOFOLLOW_LINKS)) {
                moveReport(report, reports.resolve(failed.relativize(report)));
                anyReport = true;
            }
        }
        moved++;
        ManifestEntry e = new ManifestEntry("requeued");
        e.source = to;
        e.bytes = bytes;
        e.reason = "moved back from " + from + " by --requeue-failed; the next run takes it again"
                + (anyReport ? " (the reports of its failure are in " + display(folder,
                folder.dir().relativize(reports)) + "/)" : "");
        manifest.append(e);
        out.println("requeued " + from + " -> " + to);
        return anyReport;
    }

    /**
     * Where the file was dropped: its report's {@code source}, which names the place before any {@code ~2}
     * a name clash in .failed/ added; else its place under .failed/.
     */
    private static java.util.Optional<String> originalPath(Folder folder, Path file) {
        Path report = file.resolveSibling(file.getFileName() + ".error.json");
        if (!Files.isRegularFile(report)) {
            return java.util.Optional.empty();
        }
        try {
            JsonNode source = JSON.readTree(report.toFile()).path("source");
            String prefix = folder.display() + "/";
            if (!source.isTextual() || !source.asText().startsWith(prefix)) {
                return java.util.Optional.empty();
            }
            String rel = source.asText().substring(prefix.length());
            Path p = Path.of(rel).normalize();
            // only a plain path inside the folder, never into .failed/ or .done/ or above the folder
            if (rel.isEmpty() || p.isAbsolute() || p.startsWith("..") || p.getName(0).toString().startsWith(".")) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(slashes(p));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Files under .failed/ that were dropped (not reports), skipping .requeued/ and other dot-entries. */
    private static List<Path> failedFiles(Path failed) {
        return entries(failed).stream().filter(p -> !isReport(p)).toList();
    }

    /** Reports whose file is no longer there (a refused file keeps its reports beside it). */
    private static List<Path> orphanReports(Path failed) {
        return entries(failed).stream().filter(Requeue::isReport).filter(p -> {
            String name = p.getFileName().toString();
            String suffix = REPORTS.stream().filter(name::endsWith).findFirst().orElseThrow();
            return !Files.exists(p.resolveSibling(name.substring(0, name.length() - suffix.length())),
                    LinkOption.NOFOLLOW_LINKS);
        }).toList();
    }

    /**
     * A report is a name ending in .error.json or .errors.json that has no report of its own: a dropped file
     * called {@code x.error.json} that failed has {@code x.error.json.error.json} beside it.
     */
    private static boolean isReport(Path p) {
        String name = p.getFileName().toString();
        return REPORTS.stream().anyMatch(name::endsWith)
                && !Files.exists(p.resolveSibling(name + ".error.json"), LinkOption.NOFOLLOW_LINKS);
    }

    private static List<Path> entries(Path failed) {
        try (Stream<Path> s = Files.walk(failed)) {
            return s.filter(p -> !p.equals(failed))
                    .filter(p -> !hidden(failed.relativize(p)))
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + failed + ": " + e.getMessage(), e);
        }
    }

    /** .requeued/, temporary .name.tmp files and anything else a dot hides is not a failed file. */
    private static boolean hidden(Path rel) {
        for (Path part : rel) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static void moveReport(Path report, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Files.move(report, target, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the report " + report + " to " + target + ": "
                    + e.getMessage(), e);
        }
    }

    /** A run in the same second as an earlier one gets its own folder: ~2, ~3, ... */
    private static Path unique(Path dir) {
        Path p = dir;
        for (int i = 2; Files.exists(p, LinkOption.NOFOLLOW_LINKS); i++) {
            p = dir.resolveSibling(dir.getFileName() + "~" + i);
        }
        return p;
    }

    private static String display(Folder folder, Path rel) {
        return folder.display() + "/" + slashes(rel);
    }

    private static String slashes(Path p) {
        return p.toString().replace(java.io.File.separatorChar, '/');
    }
}
