package filegate.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import filegate.lock.OwnerLock;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Poll strategy of every source: lets one-shot modes tell when each source has finished its scan, so the
 * process can exit once that work (and everything it started) is done. A drop folder is scanned in
 * batches ({@code maxMessagesPerPoll}, polled greedily): its scan is finished by the first poll that
 * finds nothing more to take. A file that stays where it is because its outcome could not be recorded
 * is not taken again in the same one-shot run ({@link #stayed}), or that run would never end. It also
 * makes each drop folder this process's own before its first poll (see {@link OwnerLock}).
 */
public final class SyncTracker implements PollingConsumerPollStrategy, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncTracker.class);

    private final Set<Consumer> polled = ConcurrentHashMap.newKeySet();
    private final Set<String> failures = ConcurrentHashMap.newKeySet();
    private volatile boolean ownFolders;
    /** With a shared store: the other nodes' work, and which drop folders read with claims. */
    private volatile SharedWork shared = SharedWork.NONE;
    private volatile Predicate<FileEndpoint> claimAware = fe -> true;
    private final Map<Consumer, Object> pollMarks = new ConcurrentHashMap<>();
    private final boolean oneShot;
    private final Map<Path, OwnerLock> owned = new ConcurrentHashMap<>();
    private final Set<Path> reported = ConcurrentHashMap.newKeySet();
    /** Files of this one-shot run that stayed in place after a failure; as few as the failures. */
    private final Set<String> stayed = ConcurrentHashMap.newKeySet();
    private final Set<String> changedNotes = ConcurrentHashMap.newKeySet();

    /**
     * @param ownFolders false for a dry run, which only looks and may run beside the real process
     * @param oneShot    true for --sync and --dry-run: each source is scanned through once
     */
    public SyncTracker(boolean ownFolders, boolean oneShot) {
        this.ownFolders = ownFolders;
        this.oneShot = oneShot;
    }

    /**
     * Several nodes share the sources through a store: no folder is made this process's own (each file is
     * claimed instead), a drop folder read without claims is refused, and a one-shot run ends only once the
     * other nodes' work is settled (see {@link SharedWork}).
     */
    public void share(SharedWork work, Predicate<FileEndpoint> readWithClaims) {
        this.ownFolders = false;
        this.shared = work;
        this.claimAware = readWithClaims;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        if (oneShot && polled.contains(consumer)) {
            return false;
        }
        if (endpoint instanceof FileEndpoint fe && !claimAware.test(fe)) {
            String why = "drop folder " + fe.getFile().toPath().toAbsolutePath().normalize()
                    + " is read without claims, so every node would take its files: with"
                    + " filegate.store its route needs readLock={{filegate.source.read-lock}} and"
                    + " idempotentRepository=#fileClaims, as in the shipped routes/drop-folder.camel.yaml";
            if (failures.add(why)) {
                LOG.error("{}; no file is taken from it", why);
            }
            polled.add(consumer);
            return false;
        }
        if (oneShot && shared != SharedWork.NONE) {
            pollMarks.put(consumer, shared.pollStarting());
        }
        if (!ownFolders || !(endpoint instanceof FileEndpoint fe)) {
            return true;
        }
        Path dir = fe.getFile().toPath().toAbsolutePath().normalize();
        if (owned.containsKey(dir)) {
            return true;
        }
        String heldBy;
        try {
            Files.createDirectories(dir);
            OwnerLock.Result r = OwnerLock.acquire(dir.resolve(OwnerLock.FOLDER_LOCK));
            if (r.lock() != null) {
                if (owned.putIfAbsent(dir, r.lock()) != null) {
                    r.lock().close();
                }
                if (reported.remove(dir)) {
                    LOG.info("Drop folder {} is free again: taking files from it", dir);
                }
                return true;
            }
            heldBy = r.heldBy();
        } catch (IOException e) {
            heldBy = null;
            if (reported.add(dir)) {
                LOG.error("Drop folder {} cannot be locked for this process ({}); no file is taken from it until it"
                        + " can", dir, e.getMessage());
            }
            failures.add("source " + endpoint.getEndpointBaseUri() + ": cannot lock " + dir + ": " + e.getMessage());
        }
        if (heldBy != null) {
            String why = "drop folder " + dir + " is being watched by " + heldBy + " (lock file "
                    + dir.resolve(OwnerLock.FOLDER_LOCK) + "); one Filegate process per folder";
            if (reported.add(dir)) {
                LOG.error("{}: no file is taken from it while that process runs", why);
            }
            failures.add(why);
        }
        // the poll is skipped, not failed: a one-shot run ends (with the failure), watch mode tries again
        polled.add(consumer);
        return false;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        // a drop folder taken in batches is scanned through once a poll finds nothing more (greedy polling
        // goes on until then). Not "a poll that was not full": camel-file counts a file that vanished
        // between listing and taking (moved by an upload that just finished) as not taken.
        boolean scannedThrough = polledMessages == 0 || !(endpoint instanceof FileEndpoint fe)
                || fe.getMaxMessagesPerPoll() <= 0;
        if (scannedThrough && oneShot && shared != SharedWork.NONE) {
            // several nodes: through only when a poll took nothing and no other node still holds older work
            scannedThrough = polledMessages == 0 && shared.settled(pollMarks.get(consumer));
        }
        if (scannedThrough) {
            polled.add(consumer);
        }
    }

    /**
     * A file whose exchange failed (its outcome could not be recorded) stays where it is: a one-shot run
     * does not take it again, and ends as failed.
     */
    public void stayed(String absolutePath, String why) {
        if (oneShot) {
            stayed.add(absolutePath);
            failures.add(absolutePath + " stays where it is for the next run: " + why);
        }
    }

    /**
     * A file that changed while it was being sent stays where it is for the next run, which takes it as a
     * new version; a one-shot run does not take it again, says so, and ends with exit 1 (not a fault of the
     * set-up, unlike {@link #stayed}).
     */
    public void changed(String absolutePath, String why) {
        if (oneShot) {
            stayed.add(absolutePath);
            changedNotes.add(absolutePath + " changed while it was being sent and stays for the next run: " + why);
        }
    }

    /** What {@link #changed} reported in this run. */
    public Set<String> changedNotes() {
        return changedNotes;
    }

    /** Whether this one-shot run already took the file and left it in place after a failure. */
    public boolean stayedBefore(String absolutePath) {
        return !stayed.isEmpty() && stayed.contains(absolutePath);
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        failures.add("source " + endpoint.getEndpointBaseUri() + " failed: " + cause.getMessage());
        polled.add(consumer);
        return false;
    }

    /**
     * True once every started source using this strategy has completed a poll and no exchange is in
     * flight. A poll returns only after its exchanges were handed on, so in-flight work is seen by then.
     * A source that is off (not started, like the shipped S3 source without a bucket) never polls.
     */
    public boolean done(CamelContext context) {
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof ScheduledPollConsumer c && c.getPollStrategy() == this
                    && !polled.contains(c) && isStarted(context, route)) {
                return false;
            }
        }
        return context.getInflightRepository().size() == 0;
    }

    private static boolean isStarted(CamelContext context, Route route) {
        ServiceStatus status = context.getRouteController().getRouteStatus(route.getRouteId());
        return status != null && (status.isStarted() || status.isStarting());
    }

    /** A source that polls on its own terms (S3) reports a failed listing here, as a failed poll would be. */
    public void sourceFailed(String description) {
        failures.add("source " + description);
    }

    /**
     * What ended a one-shot run as failed beyond files that failed or were rejected: sources whose poll
     * failed (an unreadable folder, a missing bucket, a folder another process owns), files whose
     * outcome could not be recorded. One sentence each.
     */
    public Set<String> failures() {
        return failures;
    }

    /** True when this process owns {@code dir} (or has not tried to yet); for readiness. */
    public boolean ownsOrMayOwn(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        return !reported.contains(d) || owned.containsKey(d);
    }

    @Override
    public void close() {
        owned.values().forEach(OwnerLock::close);
        owned.clear();
    }
}
