package filegate.net;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gets the JDK's AES-GCM code compiled before the first large upload over TLS needs it.
 * <p>
 * Why: the JDK encrypts TLS 1.3 records in Java (GaloisCounterMode, GHASH, CounterMode) and only C2's
 * compiled code uses the CPU's AES and carry-less multiply instructions. A fresh JVM runs the first
 * hundreds of MB of a large upload interpreted or in C1: a plain JDK TLS socket sent 1 GiB at about
 * 680 MB/s in a fresh JVM and at 920-980 MB/s after 128 MB of AES-GCM on a warm-up thread (curl with
 * OpenSSL: about 1000 MB/s, against the same sink). Encrypting throw-away records on another thread while
 * the file is hashed (the upload's connection is idle then, and the second core mostly is) moves that
 * warm-up off the upload's time. It runs once per JVM, only ahead of a large file for an https provider
 * (small files gain little and the CPU is better spent on them), and stops as soon as a batch runs at
 * compiled speed.
 */
public final class TlsWarmUp {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TlsWarmUp.class);
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** A TLS record's largest plaintext. */
    private static final int RECORD = 16 * 1024;
    /** Records per batch: 1 MiB. */
    private static final int BATCH = 64;
    /** A batch this fast (1 MiB in under 1.5 ms, ~700 MB/s) runs compiled code with the AES instructions. */
    private static final long FAST_NANOS = 1_500_000;
    private static final int MAX_BATCHES = 384;

    private TlsWarmUp() {
    }

    /** From this size a file's upload is long enough for a cold cipher to cost real time. */
    static final long LARGE_BYTES = 32L << 20;

    /** Starts the warm-up when a file of {@code bytes} is about to go to one of {@code urls} over TLS. */
    public static void ahead(java.util.stream.Stream<String> urls, long bytes) {
        if (bytes >= LARGE_BYTES && !STARTED.get() && urls.anyMatch(u -> u.regionMatches(true, 0, "https:", 0, 6))) {
            start();
        }
    }

    /** Starts the warm-up once per JVM, on a daemon thread; later calls do nothing. */
    static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(TlsWarmUp::run, "tls-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        long t0 = System.nanoTime();
        try {
            // the cipher and the buffers as the JDK's TLS 1.3 record layer uses them (SSLCipher): AES-256-GCM
            // (its first choice), a fresh nonce per record, the record header as AAD, heap ByteBuffers
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
            ByteBuffer in = ByteBuffer.allocate(RECORD + 1);
            ByteBuffer out = ByteBuffer.allocate(RECORD + 1 + 16);
            byte[] iv = new byte[12];
            byte[] aad = {23, 3, 3, 0x40, 0x11};
            int fastInARow = 0;
            int batches = 0;
            long n = 0;
            while (batches < MAX_BATCHES && fastInARow < 4) {
                long b0 = System.nanoTime();
                for (int i = 0; i < BATCH; i++) {
                    n++;
                    for (int j = 0; j < 8; j++) {
                        iv[11 - j] = (byte) (n >>> (8 * j));
                    }
                    c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
                    c.updateAAD(aad);
                    in.clear();
                    out.clear();
                    c.doFinal(in, out);
                }
                batches++;
                fastInARow = System.nanoTime() - b0 < FAST_NANOS ? fastInARow + 1 : 0;
            }
            LOG.debug("TLS warm-up: {} MiB of AES-GCM in {} ms", batches, (System.nanoTime() - t0) / 1_000_000);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            // only a speed-up: TLS itself reports any real problem
            LOG.debug("TLS warm-up skipped: {}", e.toString());
        }
    }
}
