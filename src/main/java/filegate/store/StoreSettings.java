package filegate.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import filegate.ConfigException;
import filegate.Settings;

/**
 * Where the shared store is and how to reach it: {@code filegate.store} (a {@code jdbc:postgresql://} URL;
 * unset, the JSONL manifest is the store), the user and password (the password only from the environment
 * or a secret file, and never logged), the pool, the lease, and this node's id.
 */
public record StoreSettings(String url, String user, String password, int poolSize, int leaseSeconds, String nodeId) {
    public static final String URL = "filegate.store";
    public static final String USER = "filegate.store.user";
    public static final String PASSWORD = "filegate.store.password";
    public static final String PASSWORD_FILE = "filegate.store.password-file";
    public static final String POOL_SIZE = "filegate.store.pool-size";
    public static final String LEASE_SECONDS = "filegate.store.lease-seconds";
    public static final String NODE_ID = "filegate.node-id";

    /** The shared store's settings, or empty when {@code filegate.store} is unset (the JSONL manifest). */
    public static Optional<StoreSettings> of(Settings s) {
        Optional<String> url = s.get(URL);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        if (!url.get().startsWith("jdbc:postgresql://")) {
            throw new ConfigException(URL + "=" + redact(url.get()) + " is not allowed: expected a PostgreSQL URL such"
                    + " as jdbc:postgresql://db.example:5432/filegate, or leave it unset for the JSONL manifest"
                    + " (filegate.manifest)");
        }
        String password = s.get(PASSWORD_FILE).map(StoreSettings::readSecret).orElseGet(() -> s.get(PASSWORD, ""));
        return Optional.of(new StoreSettings(url.get(), s.get(USER, ""), password,
                (int) s.getLong(POOL_SIZE, 2, 200), (int) s.getLong(LEASE_SECONDS, 2, 3600), nodeId(s)));
    }

    /** {@code filegate.node-id}, or host name + pid. */
    public static String nodeId(Settings s) {
        return s.get(NODE_ID).orElseGet(() -> host() + ":" + ProcessHandle.current().pid());
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^\\d+@", "");
        }
    }

    private static String readSecret(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ConfigException(PASSWORD_FILE + "=" + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); it must be a file this user can read holding the store's password");
        }
    }

    /** The URL as logs and messages may show it: without query parameters or user info, which may hold secrets. */
    public static String redact(String url) {
        String u = url;
        int q = u.indexOf('?');
        if (q >= 0) {
            u = u.substring(0, q);
        }
        int at = u.indexOf('@');
        int scheme = u.indexOf("://");
        if (at > 0 && scheme > 0 && at > scheme) {
            u = u.substring(0, scheme + 3) + u.substring(at + 1);
        }
        return u;
    }

    /** The store as people should read it. */
    public String where() {
        return redact(url);
    }

    @Override
    public String toString() {
        // never the password
        return "StoreSettings[" + where() + ", user " + user + ", node " + nodeId + "]";
    }
}
