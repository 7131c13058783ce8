package io.netauth.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The rule for a file that holds a secret (the key-encryption keys, the TLS private key): only its owner may read
 * or write it, as PostgreSQL demands of its server key and OpenSSH (StrictModes) of a private key. A file others
 * can read is refused, so that a mistaken {@code chmod} or a copy under a wide umask is found at start rather than
 * by whoever reads it. The setting {@code secret-files-readable} turns the rule off for containers that mount
 * secrets read-only with other modes. Stateless and thread-safe. Not API.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private PrivateFiles() {
    }

    /**
     * Why {@code file} may not hold a secret, or {@code null} when it may (its owner's alone, or a file system
     * without POSIX permissions, where its directory's rules apply). Follows links: the mode that counts is the
     * file's. Blocks on the file system.
     *
     * @param setting the setting that names the file, for the message
     */
    public static String problem(Path file, String setting) {
        Set<PosixFilePermission> modes;
        try {
            modes = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException notPosix) {
            return null;
        } catch (IOException e) {
            return null; // reading it will fail and say why
        }
        if (modes.stream().noneMatch(OTHERS::contains)) {
            return null;
        }
        return setting + ": " + file + " can be read or written by other users (" + PosixFilePermissions.toString(modes)
                + "); make it its owner's alone with `chmod 600 " + file + "`, or, where secrets are mounted "
                + "read-only with other modes (a container), set secret-files-readable=true";
    }
}
