package filegate.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import filegate.ConfigException;

/**
 * The certificates Filegate trusts for outbound TLS: the JVM's own (its {@code cacerts}, or
 * {@code -Djavax.net.ssl.trustStore}) plus those of {@code filegate.tls.trust-store}, a PEM bundle or a
 * PKCS#12/JKS key store, e.g. a company's private CA. One trust manager over all of them, so that a
 * server is trusted when any of them vouches for its chain; with {@code only} the store replaces the
 * JVM's certificates instead.
 */
public final class TrustStores {
    private final X509TrustManager trustManager;
    private final SSLContext sslContext;
    private final int added;

    private TrustStores(X509TrustManager trustManager, int added) throws GeneralSecurityException {
        this.trustManager = trustManager;
        this.added = added;
        this.sslContext = SSLContext.getInstance("TLS");
        sslContext.init(null, new TrustManager[] {trustManager}, null);
    }

    /**
     * @param file     the store (PEM bundle, PKCS#12 or JKS)
     * @param type     {@code PEM}, {@code PKCS12}, {@code JKS}, or blank: from the file (PEM when it is text
     *                 with {@code -----BEGIN}, else PKCS#12)
     * @param password the key store's password (blank: none; a PKCS#12 trust store often has none)
     * @param only     trust only this store, not the JVM's certificates
     */
    public static TrustStores load(Path file, String type, String password, boolean only) {
        String where = "filegate.tls.trust-store=" + file;
        List<X509Certificate> certs;
        try {
            certs = read(file, type, password);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new ConfigException(where + " cannot be read (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); expected a PEM bundle of CA certificates or a PKCS#12 trust store (set"
                    + " filegate.tls.trust-store-type and filegate.tls.trust-store-password if it has one)");
        }
        if (certs.isEmpty()) {
            throw new ConfigException(where + " holds no certificate");
        }
        try {
            KeyStore merged = KeyStore.getInstance("PKCS12");
            merged.load(null, null);
            int i = 0;
            if (!only) {
                for (X509Certificate c : jvmDefault().getAcceptedIssuers()) {
                    merged.setCertificateEntry("jvm-" + i++, c);
                }
            }
            for (X509Certificate c : certs) {
                merged.setCertificateEntry("filegate-" + i++, c);
            }
            return new TrustStores(trustManager(merged), certs.size());
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(where + " cannot be used: " + e.getMessage());
        }
    }

    public SSLContext sslContext() {
        return sslContext;
    }

    public X509TrustManager trustManager() {
        return trustManager;
    }

    /** How many certificates the setting added. */
    public int added() {
        return added;
    }

    private static List<X509Certificate> read(Path file, String type, String password)
            throws IOException, GeneralSecurityException {
        byte[] bytes = Files.readAllBytes(file);
        String t = type.isBlank() ? (looksPem(bytes) ? "PEM" : "PKCS12") : type.trim().toUpperCase(Locale.ROOT);
        List<X509Certificate> out = new ArrayList<>();
        if (t.equals("PEM")) {
            // generateCertificates reads every certificate of a PEM bundle and skips text between them
            try (InputStream in = Files.newInputStream(file)) {
                Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509").generateCertificates(in);
                all.forEach(c -> out.add((X509Certificate) c));
            }
            return out;
        }
        KeyStore ks = KeyStore.getInstance(t);
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password.isEmpty() ? null : password.toCharArray());
        }
        for (Enumeration<String> e = ks.aliases(); e.hasMoreElements();) {
            String alias = e.nextElement();
            if (ks.getCertificate(alias) instanceof X509Certificate c) {
                out.add(c);
            }
        }
        return out;
    }

    private static boolean looksPem(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 4096), java.nio.charset.StandardCharsets.ISO_8859_1);
        return head.contains("-----BEGIN");
    }

    /** The JVM's default trust: cacerts, or javax.net.ssl.trustStore when set. */
    private static X509TrustManager jvmDefault() throws GeneralSecurityException {
        return trustManager(null);
    }

    private static X509TrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(ks);
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }
}
