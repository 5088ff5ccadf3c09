package filegate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import filegate.support.EndToEnd;
import filegate.support.Harness;
import filegate.support.Postgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Setting up the store: what is refused at start (exit 2, one line, no secret in it) and what works. */
@ExtendWith(Postgres.class)
class StoreConfigTest extends EndToEnd {
    @Test
    void a_store_that_is_not_postgresql_or_refuses_the_password_stops_the_start_without_showing_the_password()
            throws Exception {
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));
        Harness.Run other = h.set("filegate.store", "jdbc:mysql://127.0.0.1/filegate").syncCapturing();
        assertEquals(2, other.exitCode());
        assertTrue(other.stderr().contains("filegate.store=jdbc:mysql://127.0.0.1/filegate is not allowed: expected a"
                + " PostgreSQL URL"), other.stderr());

        String url = Postgres.newDatabase();
        String wrong = "fg-wrong-password-7781";
        Harness.Run refused = Postgres.use(h, url + "?connectTimeout=5").set("filegate.store.password", wrong)
                .syncCapturing();
        assertEquals(2, refused.exitCode());
        assertTrue(refused.stderr().contains("filegate.store=" + url + " cannot be reached: "), refused.stderr());
        assertTrue(refused.stderr().contains("password authentication failed for user \"filegate\""),
                refused.stderr());
        assertFalse(refused.stderr().contains(wrong) || refused.stdout().contains(wrong));
        assertFalse(refused.stderr().contains("connectTimeout"), "the URL's parameters may hold secrets");
        assertEquals(0, provider.uploads().size());
        assertTrue(Files.exists(h.inbox.resolve("fine-tune/a.jsonl")));
    }

    @Test
    void the_password_can_come_from_a_secret_file() throws Exception {
        Path secret = tmp.resolve("store-password");
        Files.writeString(secret, Postgres.PASSWORD + "\n");
        String url = Postgres.newDatabase();
        Postgres.use(h, url);
        h.props.remove("filegate.store.password");
        h.set("filegate.store.password-file", secret.toString());
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));
        Harness.Run run = h.syncCapturing();
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(1, Postgres.events(url, "uploaded").size());
    }

    @Test
    void a_drop_folder_route_without_claims_is_refused_with_a_store_so_that_no_two_nodes_take_its_files()
            throws Exception {
        Path conf = Files.createDirectories(tmp.resolve("conf/routes")).getParent();
        Files.copy(Path.of("application.properties"), conf.resolve("application.properties"));
        try (Stream<Path> s = Files.list(Path.of("routes"))) {
            for (Path p : s.toList()) {
                String yaml = Files.readString(p);
                // a routes folder copied before filegate.store existed
                yaml = yaml.replace("readLock: \"{{filegate.source.read-lock:changed}}\"", "readLock: changed")
                        .replace("          idempotentRepository: \"#fileClaims\"\n", "");
                Files.writeString(conf.resolve("routes").resolve(p.getFileName()), yaml);
            }
        }
        Postgres.use(h, Postgres.newDatabase());
        h.drop("fine-tune/a.jsonl", Harness.chat("a"));
        Harness.Run run = h.runCapturing(List.of("--sync", "--config-dir", conf.toString()));
        assertEquals(2, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stderr().contains("is read without claims, so every node would take its files"), run.stderr());
        assertEquals(0, provider.uploads().size());
    }
}
