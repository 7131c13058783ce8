package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netauth.core.testing.ListeningSockets;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default as another user of the same machine meets it: a real runner process (started under the
 * usual umask 022) and a second OS user, {@code nobody}, through {@code setpriv}. Needs root, as CI runs.
 */
class DataDirectoryIT {

    private static final String NOBODY = "65534";

    @Test
    void anotherLocalUserCanNeitherReadTheDataDirectoryNorConnectToTheDatabase(@TempDir Path tmp) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "switches to a second user with setpriv, which needs root");
        // Every directory above the data directory lets others through, so only its own modes protect it.
        Path home = Files.createDirectory(tmp.resolve("home"));
        for (Path p = home; p.startsWith(tmp); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        String dataDir = home.resolve("data").toString();
        try (RunnerProcess server = new RunnerProcess(List.of("--port", "0", "--host", "127.0.0.1",
                "--data-dir", dataDir))) {
            int port = server.awaitPort();
            assertEquals(0, RunnerProcess.cli("correct horse battery\n", List.of("users", "add", "alice",
                    "--password-stdin", "--data-dir", dataDir)));

            // Every file the server and the command made is its owner's alone, and the directory too.
            List<Path> made;
            try (Stream<Path> all = Files.walk(Path.of(dataDir))) {
                made = all.toList();
            }
            assertTrue(made.stream().anyMatch(p -> p.toString().endsWith("netauth.mv.db")), made.toString());
            for (Path path : made) {
                String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
                assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(path)),
                        path.toString());
                Run read = asNobody(List.of("cat", path.toString()));
                assertNotEquals(0, read.exit, "nobody read " + path + ": " + read.output);
            }

            // H2's automatic server: the lock file (read here as the owner) names its port and its key.
            Properties lock = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(dataDir, "netauth.lock.db"))) {
                lock.load(in);
            }
            String h2Server = lock.getProperty("server");
            int h2Port = Integer.parseInt(h2Server.substring(h2Server.lastIndexOf(':') + 1));
            String url = "jdbc:h2:tcp://127.0.0.1:" + h2Port + "/" + lock.getProperty("id");
            Path h2 = readableCopyOfH2(tmp);
            Run empty = asNobody(h2Shell(h2, url, ""));
            assertNotEquals(0, empty.exit, empty.output);
            assertTrue(empty.output.contains("Wrong user name or password"), empty.output);
            // The same command with the password, which only the owner can read, does reach the database: the
            // refusal above is the password's doing, not a wrong port or key.
            String password = Files.readString(Path.of(dataDir, "h2.password")).strip();
            Run owner = asNobody(h2Shell(h2, url, password));
            assertEquals(0, owner.exit, owner.output);
            assertTrue(owner.output.contains("1"), owner.output);

            // What the process listens on: the HTTP address, and on loopback H2's port and the management port.
            Set<InetSocketAddress> listening = Set.copyOf(ListeningSockets.ofProcess(server.process.pid()));
            Set<String> expected = Set.of("127.0.0.1:" + port, "127.0.0.1:" + h2Port,
                    "127.0.0.1:" + server.managementUri("").getPort());
            assertEquals(expected, listening.stream().map(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
                    .collect(Collectors.toSet()), listening.toString());
        }
    }

    private record Run(int exit, String output) {
    }

    private static List<String> h2Shell(Path h2, String url, String password) {
        return List.of(RunnerProcess.javaBin(), "-XX:-UsePerfData", "-cp", h2.toString(), "org.h2.tools.Shell",
                "-url", url, "-user", "sa", "-password", password, "-sql", "SELECT COUNT(*) FROM auth_users");
    }

    /** H2's jar where nobody may read it: the build's copy is under root's home. */
    private static Path readableCopyOfH2(Path tmp) throws Exception {
        Path jar = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = Files.createDirectory(tmp.resolve("h2"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path copy = Files.copy(jar, dir.resolve("h2.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        return copy;
    }

    private static Run asNobody(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", "--"));
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).directory(Path.of("/").toFile()).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command ended");
        return new Run(process.exitValue(), output);
    }
}
