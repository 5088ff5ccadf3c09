import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Writes a manifest of N uploads as Filegate writes them: per upload an intent line and an uploaded line,
 * with the exact field layout (and order) of real lines, distinct bytes (sha256) per upload, file ids in
 * OpenAI's style, timestamps one second apart. Usage: java bench/ManifestGen.java FILE N [PROVIDER]
 */
public class ManifestGen {
    public static void main(String[] args) throws Exception {
        String file = args[0];
        long n = Long.parseLong(args[1]);
        String provider = args.length > 2 ? args[2] : "bench";
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        HexFormat hex = HexFormat.of();
        long t0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
        java.util.Random rnd = new java.util.Random(18);
        try (OutputStream out = new BufferedOutputStream(new FileOutputStream(file), 1 << 20)) {
            for (long i = 0; i < n; i++) {
                String digest = hex.formatHex(sha.digest(Long.toString(i).getBytes(StandardCharsets.UTF_8)));
                String name = "f" + i + ".jsonl";
                String source = "inbox/fine-tune/batch-" + (i / 1000) + "/" + name;
                long bytes = 2000 + rnd.nextInt(50_000);
                String attempt = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
                long ms = t0 + i * 1000;
                String common = "\"source\":\"" + source + "\",\"bytes\":" + bytes + ",\"sha256\":\"" + digest
                        + "\",\"provider\":\"" + provider + "\",\"purpose\":\"fine-tune\",\"file_type\":\"jsonl\","
                        + "\"rule\":\"default:purpose-folder\",";
                String intent = "{\"ts\":\"" + Instant.ofEpochMilli(ms) + "\",\"event\":\"intent\"," + common
                        + "\"filename\":\"" + name + "\",\"attempt\":\"" + attempt + "\"}\n";
                String fileId = "file-" + Long.toString(Math.abs(rnd.nextLong()), 36) + Long.toString(i, 36);
                String uploaded = "{\"ts\":\"" + Instant.ofEpochMilli(ms + 350) + "\",\"event\":\"uploaded\","
                        + common + "\"file_id\":\"" + fileId + "\",\"filename\":\"" + name + "\",\"created_at\":"
                        + (ms / 1000) + ",\"status\":\"processed\",\"attempts\":1,\"upload_ms\":" + (40 + i % 200)
                        + ",\"prepare_ms\":" + (5 + i % 30) + ",\"attempt\":\"" + attempt + "\"}\n";
                out.write(intent.getBytes(StandardCharsets.UTF_8));
                out.write(uploaded.getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
