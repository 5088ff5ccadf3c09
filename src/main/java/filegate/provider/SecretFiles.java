package filegate.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import filegate.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys kept in files, the way containers and systemd hand secrets over ({@code /run/secrets/...},
 * {@code LoadCredential=}, {@code OPENAI_API_KEY_FILE}): the file holds the key and at most a trailing
 * newline. Errors and warnings name the file, never what is in it.
 */
final class SecretFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SecretFiles.class);

    private SecretFiles() {
    }

    /** @param setting how the person named this file (a key or an environment variable), for messages */
    static String read(String file, String setting) {
        Path path = Path.of(file);
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(setting + "=" + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); it must be a file holding the key");
        }
        String key = text.strip();
        if (key.isEmpty()) {
            throw new ConfigException(setting + "=" + file + " is empty; it must hold the key");
        }
        if (key.contains("\n")) {
            throw new ConfigException(setting + "=" + file + " holds more than one line; it must hold only the key");
        }
        warnIfOthersMayRead(path, setting);
        return key;
    }

    private static void warnIfOthersMayRead(Path path, String setting) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)) {
                LOG.warn("{} ({}) can be read by {} (mode {}): make it readable by this user only, e.g. chmod 600 {}",
                        path, setting, perms.contains(PosixFilePermission.OTHERS_READ) ? "every user" : "its group",
                        PosixFilePermissions.toString(perms), path);
            }
        } catch (UnsupportedOperationException | IOException noPosix) {
            // not a POSIX file system: nothing to say about modes
        }
    }
}
