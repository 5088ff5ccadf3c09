package filegate.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A private CA made for one test with the JDK's own keytool (no extra library): a CA certificate, and a
 * server certificate it signed for 127.0.0.1 and localhost. The JVM does not trust the CA; a test hands
 * it to Filegate as {@link #caPem()} or {@link #caP12()}.
 */
public final class TestCa {
    public static final String PASSWORD = "test-store-pw";
    private final Path dir;

    /** Makes the CA and the server certificate in {@code dir} (about a second: six keytool runs). */
    public TestCa(Path dir) {
        this.dir = dir;
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=Filegate Test CA", "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=127.0.0.1", "-validity", "2", "-keystore", "server.p12");
        keytool("-certreq", "-alias", "server", "-keystore", "server.p12", "-file", "server.csr");
        keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", "server.csr", "-outfile",
                "server.crt", "-rfc", "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth",
                "-validity", "2");
        keytool("-exportcert", "-alias", "ca", "-keystore", "ca.p12", "-rfc", "-file", "ca.pem");
        // the server presents its certificate with the CA's behind it
        keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", "server.p12", "-file", "ca.pem");
        keytool("-importcert", "-alias", "server", "-keystore", "server.p12", "-file", "server.crt");
        // a PKCS#12 trust store holding only the CA certificate
        keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", "trust.p12", "-file", "ca.pem");
    }

    /** The CA certificate as PEM. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** A PKCS#12 trust store with the CA certificate, password {@link #PASSWORD}. */
    public Path caP12() {
        return dir.resolve("trust.p12");
    }

    /** A server-side TLS context presenting the certificate this CA signed. */
    public SSLContext serverContext() {
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void keytool(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
