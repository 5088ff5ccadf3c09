package filegate.provider;

import java.nio.file.Path;

/**
 * Everything a profile needs to build one upload request.
 *
 * @param purpose  the purpose as this provider spells it
 * @param expiresAfterSeconds  requested expiry, or null
 */
public record UploadTask(Path file, String filename, long bytes, String purpose, String fileType,
                         Long expiresAfterSeconds) {
}
