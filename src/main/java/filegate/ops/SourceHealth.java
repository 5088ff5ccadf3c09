package filegate.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import filegate.source.DropFolderCheck;
import filegate.source.SourceCheck;
import filegate.source.SyncTracker;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * One readiness check per source, named {@code source:<id>}: a check per drop-folder route, found when
 * asked (routes come from YAML after start-up), plus every {@link SourceCheck} bound in the Camel
 * registry by other kinds of source.
 */
public final class SourceHealth implements HealthCheckRepository {
    private final CamelContext context;
    private final Map<String, HealthCheck> checks = new ConcurrentHashMap<>();
    private boolean enabled = true;

    public SourceHealth(CamelContext context) {
        this.context = context;
    }

    /** Every source known now: drop folders from the routes, then registry beans. */
    public List<SourceCheck> sources() {
        List<SourceCheck> out = new ArrayList<>();
        SyncTracker tracker = context.getRegistry().lookupByNameAndType("syncTracker", SyncTracker.class);
        for (Route r : context.getRoutes()) {
            if (r.getEndpoint() instanceof FileEndpoint fe && r.getConsumer() != null) {
                out.add(new DropFolderCheck(r.getRouteId(), fe.getFile().toPath(), tracker));
            }
        }
        out.addAll(context.getRegistry().findByType(SourceCheck.class));
        return out;
    }

    @Override
    public Stream<HealthCheck> stream() {
        return sources().stream().map(s -> checks.computeIfAbsent("source:" + s.id(), id -> new Check(id, s)));
    }

    @Override
    public String getId() {
        return "filegate-sources";
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    private static final class Check extends AbstractHealthCheck {
        private final SourceCheck source;

        Check(String id, SourceCheck source) {
            super("filegate", id);
            this.source = source;
        }

        @Override
        public boolean isLiveness() {
            return false; // a missing folder or bucket is fixed outside; restarting does not help
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            source.problem().ifPresentOrElse(p -> builder.down().message(p), () -> builder.up());
        }
    }
}
