package filegate.store;

import java.io.File;

import filegate.manifest.Claim;
import filegate.manifest.Claims;
import filegate.source.SourcePaths;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drop-folder side of claims, through camel-file's own cluster hook: the route reads files with
 * {@code readLock=idempotent-changed} and this repository, so a file is taken only by the node that claims
 * it (then checked unchanged, as {@code readLock=changed} does), and released when camel-file commits or
 * rolls it back. The claim goes with the exchange ({@link Claim#PROPERTY}) so that every line written for
 * the file is fenced by it.
 * <p>
 * The claimed item is the route, the path relative to the drop folder, the size and the mtime: the same
 * on every node however the shared folder is mounted, and a new item when the file changes.
 */
public final class FileClaims extends ServiceSupport implements IdempotentRepository {
    public static final String BEAN = "fileClaims";
    private static final Logger LOG = LoggerFactory.getLogger(FileClaims.class);

    private final Claims claims;
    private volatile boolean warned;

    public FileClaims(Claims claims) {
        this.claims = claims;
    }

    /** The claimed item of a file of a drop-folder route. */
    public static String itemKey(String route, GenericFile<File> file) {
        return "file:" + route + ":" + SourcePaths.relative(file) + ":" + file.getFileLength() + ":"
                + file.getLastModified();
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean add(Exchange exchange, String key) {
        GenericFile<File> file = exchange.getProperty(ExchangePropertyKey.FILE_EXCHANGE_FILE, GenericFile.class);
        if (file == null) {
            file = exchange.getMessage().getBody(GenericFile.class);
        }
        String route = exchange.getFromRouteId() != null ? exchange.getFromRouteId() : file.getEndpointPath();
        try {
            var claim = claims.take(itemKey(route, file), Claims.Kind.ITEM, SourcePaths.display(file));
            claim.ifPresent(c -> exchange.setProperty(Claim.PROPERTY, c));
            warned = false;
            return claim.isPresent();
        } catch (RuntimeException e) {
            // camel-file logs a failed read lock only at TRACE: say it once, where a person looks
            if (!warned) {
                warned = true;
                LOG.warn("cannot claim files in the store ({}); files stay where they are until it answers",
                        e.getMessage());
            }
            return false;
        }
    }

    @Override
    public boolean remove(Exchange exchange, String key) {
        claims.release(exchange.getProperty(Claim.PROPERTY, Claim.class));
        return true;
    }

    @Override
    public boolean confirm(Exchange exchange, String key) {
        // committed (moved out of the folder): nothing left to hold
        claims.release(exchange.getProperty(Claim.PROPERTY, Claim.class));
        return true;
    }

    @Override
    public boolean add(String key) {
        throw new UnsupportedOperationException("file claims need the exchange (readLock=idempotent-changed)");
    }

    @Override
    public boolean contains(String key) {
        return false;
    }

    @Override
    public boolean remove(String key) {
        return false;
    }

    @Override
    public boolean confirm(String key) {
        return false;
    }

    @Override
    public void clear() {
    }

    @Override
    public String toString() {
        return "FileClaims[" + (claims.shared() ? "shared store" : "this process") + "]";
    }
}
