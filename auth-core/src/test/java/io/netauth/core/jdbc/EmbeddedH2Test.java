package io.netauth.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import io.netauth.core.testing.ListeningSockets;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default's files and port are its owner's alone: a local user can neither read the database nor
 * connect to it.
 */
class EmbeddedH2Test {

    @Test
    void h2FilesAreOwnerOnlyWhateverTheUmask(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        try (AuthDatabase db = AuthDatabase.open(JdbcSettings.h2File(dir))) {
            db.userDirectory().createUser("alice", "$h", List.of());
            assertEquals("rwx------", mode(dir));
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> all = files.toList();
                assertTrue(all.stream().anyMatch(p -> p.getFileName().toString().endsWith(".mv.db")), all.toString());
                for (Path file : all) {
                    // The test JVM runs with the usual umask 022, under which H2 makes its files 0644.
                    assertEquals("rw-------", mode(file), file.toString());
                }
            }
        }
    }

    @Test
    void aWiderDataDirectoryIsTightenedAtOpen(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("data"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path stray = Files.writeString(dir.resolve("notes.txt"), "left by an operator");
        Files.setPosixFilePermissions(stray, PosixFilePermissions.fromString("rw-r--r--"));
        try (AuthDatabase db = AuthDatabase.open(JdbcSettings.h2File(dir))) {
            assertEquals("rwx------", mode(dir));
            assertEquals("rw-------", mode(stray));
        }
    }

    @Test
    void h2RefusesTheEmptyPasswordAndTheFileHoldsTheRandomOne(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        JdbcSettings settings = JdbcSettings.h2File(dir);
        try (AuthDatabase db = AuthDatabase.open(settings)) {
            SQLException refused = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(settings.url(), "sa", "").close());
            assertEquals(28000, refused.getErrorCode(), refused.getMessage());
            String password = Files.readString(dir.resolve("h2.password")).strip();
            assertEquals(43, password.length(), "256 random bits in base64url");
            assertEquals(password, settings.password());
            assertEquals("rw-------", mode(dir.resolve("h2.password")));
            try (Connection c = DriverManager.getConnection(settings.url(), "sa", password)) {
                assertTrue(c.isValid(1));
            }
        }
        assertEquals(settings.password(), JdbcSettings.h2File(dir).password(), "the second start reads the file");
        assertFalse(JdbcSettings.h2File(tmp.resolve("other")).password().equals(settings.password()),
                "every installation has its own");
    }

    @Test
    void aDatabaseMadeWithoutAPasswordIsGivenOneAndKeepsItsRows(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        Files.createDirectories(dir);
        String oldUrl = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("netauth") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
        try (AuthDatabase db = AuthDatabase.open(JdbcSettings.of(oldUrl, "sa", ""))) {
            db.userDirectory().createUser("alice", "$h", List.of());
        }
        JdbcSettings settings = JdbcSettings.h2File(dir);
        try (AuthDatabase db = AuthDatabase.open(settings)) {
            var alice = db.credentialStore().findByUsername("alice").orElseThrow();
            assertEquals("$h", alice.passwordHash());
            SQLException refused = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(settings.url(), "sa", "").close());
            assertEquals(28000, refused.getErrorCode(), refused.getMessage());
        }
    }

    @Test
    void noFileInTheDataDirectoryHoldsSqlValues(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        String marker = "sql-value-7f3a9c";
        JdbcSettings settings = JdbcSettings.h2File(dir);
        try (AuthDatabase db = AuthDatabase.open(settings);
                Connection c = DriverManager.getConnection(settings.url(), settings.username(), settings.password());
                Statement s = c.createStatement()) {
            // H2 writes a failed statement, values and all, to its trace file unless the file is turned off.
            assertThrows(SQLException.class, () -> s.executeQuery(
                    "SELECT * FROM auth_no_such_table WHERE password = '" + marker + "'"));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(marker), file + " holds a statement's value");
            }
        }
        assertFalse(Files.exists(dir.resolve("netauth.trace.db")));
    }

    @Test
    void h2sAutomaticServerListensOnLoopbackOnly(@TempDir Path tmp) throws Exception {
        assumeTrue(ListeningSockets.available(), "reads the kernel's socket tables (Linux)");
        Path dir = tmp.resolve("data");
        try (AuthDatabase db = AuthDatabase.open(JdbcSettings.h2File(dir))) {
            Properties lock = new Properties();
            try (InputStream in = Files.newInputStream(dir.resolve("netauth.lock.db"))) {
                lock.load(in);
            }
            String server = lock.getProperty("server");
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            List<InetSocketAddress> sockets = ListeningSockets.onPort(port);
            assertFalse(sockets.isEmpty(), "H2's server listens on " + server);
            for (InetSocketAddress socket : sockets) {
                assertTrue(socket.getAddress().isLoopbackAddress(), "H2 listens on " + socket);
            }
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
