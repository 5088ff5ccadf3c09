package filegate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import filegate.FilegateApp;
import org.apache.camel.CamelContext;

/**
 * Reads Filegate's management endpoints over real HTTP, on loopback only: the URL must start with
 * http://127.0.0.1 or http://[::1], anything else is refused before a connection is made.
 */
public final class Observe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One answer: status and body. */
    public record Answer(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(body, e);
            }
        }

        /**
         * The message of the named check. Camel 4.18 escapes the message twice, so a '/' arrives as
         * "\\/"; undone here as an operator's JSON tool would not.
         */
        public String message(String check) {
            JsonNode c = check(check);
            if (c == null) {
                throw new AssertionError("no check " + check + " in " + body);
            }
            return c.path("message").asText().replace("\\/", "/");
        }

        /** The named check of a health answer, or null when the answer does not list it. */
        public JsonNode check(String name) {
            for (JsonNode c : json().path("checks")) {
                if (name.equals(c.path("name").asText())) {
                    return c;
                }
            }
            return null;
        }
    }

    private final String base;

    public Observe(String base) {
        if (!base.startsWith("http://127.0.0.1:") && !base.startsWith("http://[::1]:")) {
            throw new IllegalArgumentException("tests talk to loopback only, not " + base);
        }
        this.base = base;
    }

    /** The management server of a running Filegate. */
    public static Observe of(CamelContext ctx) {
        return new Observe(FilegateApp.managementUrl(ctx).orElseThrow(
                () -> new AssertionError("the management server is not running")));
    }

    public Answer get(String path) {
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return URI.create(base).getPort();
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)$");

    /** /observe/metrics as {@code name{labels} -> value}, labels in the order Prometheus printed them. */
    public Map<String, Double> metrics() {
        Answer a = get("/observe/metrics");
        if (a.status() != 200) {
            throw new AssertionError("/observe/metrics answered " + a.status() + ": " + a.body());
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : a.body().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.matches()) {
                out.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
            }
        }
        return out;
    }

    /**
     * The one sample named {@code name} whose labels include every {@code label=value} given, or null;
     * more than one match is an error.
     */
    public static Double sample(Map<String, Double> metrics, String name, String... labels) {
        Double found = null;
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            String k = e.getKey();
            if (!(k.equals(name) || k.startsWith(name + "{"))) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                int eq = l.indexOf('=');
                String want = l.substring(0, eq) + "=\"" + l.substring(eq + 1) + "\"";
                all &= k.contains("{" + want + ",") || k.contains("," + want + ",") || k.contains("," + want + "}")
                        || k.contains("{" + want + "}");
            }
            if (all) {
                if (found != null) {
                    throw new AssertionError("more than one sample " + name + " " + List.of(labels));
                }
                found = e.getValue();
            }
        }
        return found;
    }

    /**
     * Local addresses (hex, as the kernel prints them) of every listening TCP socket on {@code port},
     * from /proc/net/tcp and tcp6: reading them needs no connection.
     */
    public static List<String> listeningAddresses(int port) {
        List<String> out = new ArrayList<>();
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.isReadable(p)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(p)) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st ...; st 0A = LISTEN
                    if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
                        out.add(f[1].substring(0, f[1].length() - hexPort.length()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
