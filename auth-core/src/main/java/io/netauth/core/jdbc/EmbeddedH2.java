package io.netauth.core.jdbc;

import io.netauth.core.StoreUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default's files: a data directory only its owner can enter, a database password that is random
 * per installation, and H2's automatic server on loopback only.
 *
 * <p>H2's {@code AUTO_SERVER} mode lets the {@code users}, {@code clients} and {@code keys} commands change the
 * database while a server has it open: the first process to open the file serves it over TCP to the others. That
 * server listens wherever {@code h2.bindAddress} says, every interface by default, so it is set to loopback before
 * H2 reads it. Without a password anyone who learned the
 * port could connect; the password lives in {@code data-dir/h2.password}, mode 0600, beside {@code secrets.key}.
 * So that the address is also right when H2 was loaded first, the open checks the one H2 read.
 * H2's trace file, which holds whole statements with their values, is turned off in the URL. Not thread-safe for
 * one directory across threads of one process; safe across processes (the password file is made atomically).
 */
final class EmbeddedH2 {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedH2.class);

    static final String NAME = "netauth";
    static final String PASSWORD_FILE = "h2.password";
    /** What the embedded default adds to the file's URL: the URL ends with it, which marks it as ours. */
    static final String OPTIONS = ";AUTO_SERVER=TRUE;WRITE_DELAY=0;TRACE_LEVEL_FILE=0";
    static final String USER = "sa";
    private static final String BIND_PROPERTY = "h2.bindAddress";
    /** H2's {@code ErrorCode.WRONG_USER_OR_PASSWORD}. */
    private static final int WRONG_USER_OR_PASSWORD = 28000;
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private EmbeddedH2() {
    }

    /**
     * The settings of the database in {@code dataDir}: makes the directory (0700) or tightens it, and makes or
     * reads the password file. Blocks on the file system.
     */
    static JdbcSettings prepare(Path dataDir) {
        bindToLoopback();
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            ownerOnly(dir);
            String password = password(dir.resolve(PASSWORD_FILE));
            return JdbcSettings.of("jdbc:h2:file:" + dir.resolve(NAME) + OPTIONS, USER, password);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot prepare the data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code settings} are the embedded default's, as {@link #prepare} makes them. */
    static boolean isEmbedded(JdbcSettings settings) {
        return settings.url().startsWith("jdbc:h2:file:") && settings.url().endsWith(OPTIONS);
    }

    /** The directory of the embedded default's settings. */
    static Path directoryOf(JdbcSettings settings) {
        String file = settings.url().substring("jdbc:h2:file:".length(), settings.url().length() - OPTIONS.length());
        return Path.of(file).getParent();
    }

    /** Whether {@code failure} is H2 refusing the user name or password. */
    static boolean wrongPassword(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == WRONG_USER_OR_PASSWORD) {
                return true;
            }
        }
        return false;
    }

    /**
     * Gives a database made by an earlier version, whose {@code sa} had no password, the installation's password.
     * Called when the password was refused; a no-op (that fails again, naming the cause) if the empty one is too.
     */
    static void adoptPassword(JdbcSettings settings) {
        try (Connection c = DriverManager.getConnection(settings.url(), settings.username(), "");
                Statement s = c.createStatement()) {
            // The password is base64url, so it needs no escaping in the literal.
            s.execute("ALTER USER \"" + settings.username().toUpperCase(java.util.Locale.ROOT)
                    + "\" SET PASSWORD '" + settings.password() + "'");
            log.info("The embedded database had no password; it now has the one in {}",
                    directoryOf(settings).resolve(PASSWORD_FILE));
        } catch (SQLException e) {
            throw new StoreUnavailableException("the embedded database refused the password in "
                    + directoryOf(settings).resolve(PASSWORD_FILE) + " (was the file replaced?)", e);
        }
    }

    /**
     * After the open: every file in the directory is limited to its owner (H2 made them under the process's
     * umask), and H2's automatic server listens on loopback.
     *
     * @throws StoreUnavailableException when H2 read its bind address before {@link #prepare} could set it
     */
    static void checkOpened(JdbcSettings settings) {
        Path dir = directoryOf(settings);
        try {
            ownerOnly(dir);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot check the data directory " + dir + ": " + e.getMessage(), e);
        }
        String bound = h2BindAddress();
        if (!isLoopback(bound)) {
            throw new StoreUnavailableException("H2's automatic server would listen on "
                    + (bound == null ? "every interface" : bound) + ", not on loopback: H2 was loaded before "
                    + BIND_PROPERTY + " could be set. Start the JVM with -D" + BIND_PROPERTY + "=127.0.0.1", null);
        }
    }

    private static void bindToLoopback() {
        String bound = System.getProperty(BIND_PROPERTY);
        if (bound == null || bound.isEmpty()) {
            System.setProperty(BIND_PROPERTY, "127.0.0.1");
        }
    }

    /**
     * The address H2's servers bind to, as H2 itself read it when its classes loaded (the lock file is no proof:
     * it names the host's own address even when the socket listens on every interface).
     */
    private static String h2BindAddress() {
        try {
            return (String) Class.forName("org.h2.engine.SysProperties").getField("BIND_ADDRESS").get(null);
        } catch (ReflectiveOperationException e) {
            throw new StoreUnavailableException("cannot read H2's bind address: " + e, e);
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return address != null && !address.isEmpty() && InetAddress.getByName(address).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Makes {@code dir} with mode 0700, or takes group and other permissions off it and off everything in it,
     * saying so. No-op on a file system without POSIX permissions.
     */
    static void ownerOnly(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
            } catch (UnsupportedOperationException notPosix) {
                Files.createDirectories(dir);
            }
            return;
        }
        if (!supportsPosix(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                Set<PosixFilePermission> modes = Files.getPosixFilePermissions(path);
                if (modes.stream().anyMatch(OTHERS::contains)) {
                    boolean directory = Files.isDirectory(path);
                    Set<PosixFilePermission> tight = directory ? OWNER_DIRECTORY : OWNER_FILE;
                    Files.setPosixFilePermissions(path, tight);
                    if (path.equals(dir)) {
                        log.warn("The data directory {} was {}; it is now {}, so no other user can read the "
                                + "database", dir, PosixFilePermissions.toString(modes),
                                PosixFilePermissions.toString(tight));
                    }
                }
            }
        }
    }

    private static boolean supportsPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * The installation's password: read, or made at the first start. Made as a private temporary file, written
     * and flushed to the disk, then linked to its name, which fails if another process linked its own first.
     */
    private static String password(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path temporary = supportsPosix(file.getParent())
                ? Files.createTempFile(file.getParent(), PASSWORD_FILE, ".part",
                        PosixFilePermissions.asFileAttribute(OWNER_FILE))
                : Files.createTempFile(file.getParent(), PASSWORD_FILE, ".part");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((password + "\n").getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            Files.createLink(file, temporary);
            syncDirectory(file.getParent());
            log.info("Made the embedded database's password file {} (mode 0600)", file);
            return password;
        } catch (FileAlreadyExistsException raced) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip(); // another process made it first
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Flushes a directory's entries, so that a new name in it survives a power loss. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notOnThisSystem) {
            // Some systems cannot open a directory; the file's own contents are flushed already.
        }
    }
}
