package filegate.source.s3;

import filegate.net.Network;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import filegate.manifest.Claim;
import filegate.manifest.Claims;
import filegate.provider.Availability;
import filegate.rules.Rules;
import filegate.source.SourceEvents;
import filegate.source.SyncTracker;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every S3 source shares, bound once as {@value #BEAN}: the rules, the outcome recorder, the sync
 * tracker, the spool folder for local copies and the folder failure reports go to.
 */
public final class S3Services {
    public static final String BEAN = "s3Services";
    private static final Logger LOG = LoggerFactory.getLogger(S3Services.class);

    final Rules rules;
    final SourceEvents outcomes;
    final SyncTracker tracker;
    final Availability availability;
    final Path spoolDir;
    final Path reportDir;
    /** filegate.parallel-files: files in flight at once, whatever their source (named in the deprecation WARN). */
    final int parallelFiles;
    /** Trust store and proxies: the S3 client goes out the way uploads do. */
    final Network network;

    public S3Services(Rules rules, SourceEvents outcomes, SyncTracker tracker, Availability availability, Path spoolDir,
                      Path reportDir, Network network, int parallelFiles) {
        this.parallelFiles = parallelFiles;
        this.network = network;
        this.rules = rules;
        this.outcomes = outcomes;
        this.tracker = tracker;
        this.availability = availability;
        this.spoolDir = spoolDir.toAbsolutePath();
        this.reportDir = reportDir.toAbsolutePath();
    }

    /** Removes local copies a killed run left behind; called before any source starts. */
    public void cleanSpool() {
        if (!Files.isDirectory(spoolDir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(spoolDir, "*.spool")) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not clean the S3 spool folder {}: {}", spoolDir, e.getMessage());
        }
    }

    /**
     * Where an object's local copy will be: named from a hash of the object, never from its key, plus a
     * random part, since the same key may be in flight twice (two versions). Made only when fetched.
     */
    Path spoolPath(String bucket, String key) {
        return spoolDir.resolve(S3Keys.sha256(bucket + "\n" + key).substring(0, 16) + "-"
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".spool");
    }

    /** Claims this version of an object for this node (always granted without a shared store). */
    Optional<Claim> claim(String source, String etag) {
        return outcomes.manifest().claims().take(Claim.s3Item(source, etag), Claims.Kind.ITEM, source);
    }

    /** The object is tagged, copied or reported: its version is done for every node. */
    void committed(Claim claim) {
        outcomes.manifest().claims().committed(claim);
    }

    void release(Claim claim) {
        outcomes.manifest().claims().release(claim);
    }

    /** Whether the object is still this node's to commit; says so when another node took it over. */
    boolean stillOurs(Claim claim) {
        if (outcomes.dryRun() || outcomes.manifest().claims().held(claim)) {
            return true;
        }
        LOG.warn("lost the claim on {} before committing it (the lease ran out while this node was stopped or cut"
                + " off); the node that holds it now tags, copies or reports it", claim.source());
        return false;
    }

    static S3Services lookup(CamelContext context) {
        S3Services s = context.getRegistry().lookupByNameAndType(BEAN, S3Services.class);
        if (s == null) {
            throw new IllegalStateException("bean " + BEAN + " is not bound; S3 sources run only inside Filegate");
        }
        return s;
    }
}
