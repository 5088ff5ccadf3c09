package filegate.net;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLHandshakeException;

/** Says what to do about a certificate that is not trusted, the usual sign of a private CA or an inspecting proxy. */
public final class TlsProblems {
    private TlsProblems() {
    }

    /** Whether {@code cause} is a server certificate this JVM does not trust. */
    public static boolean untrusted(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CertPathValidatorException || t instanceof CertificateException
                    || t instanceof CertPathBuilderException
                    || (t instanceof SSLHandshakeException && String.valueOf(t.getMessage()).contains("PKIX"))) {
                return true;
            }
        }
        return false;
    }

    /** A hint to append to a TLS error message, or "" when the problem is not an untrusted certificate. */
    public static String hint(Throwable cause) {
        return untrusted(cause) ? "; the server's certificate is not trusted: if it comes from a private CA (or a"
                + " TLS-inspecting proxy), set filegate.tls.trust-store to its CA certificate (PEM or PKCS#12;"
                + " see docs/network.md)" : "";
    }
}
