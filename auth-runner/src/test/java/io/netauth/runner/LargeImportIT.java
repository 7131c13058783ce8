package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.jdbc.JdbcSettings;
import io.netauth.core.testing.TestDatabases;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code users import} of a million lines, in a JVM whose heap (48 MiB) is far smaller than the file's users
 * held at once (about 400 MiB): it streams, on H2 and PostgreSQL; it keeps its all-or-nothing promise when the
 * last line repeats the first; it shows its progress on a terminal (a pseudo-terminal from util-linux's
 * {@code script}) and only its result in a pipe.
 */
class LargeImportIT {

    private static final int MILLION = 1_000_000;
    private static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA"
            + "$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    private static final Pattern RESULT = Pattern.compile("imported (\\d+) users in [0-9.]+ s \\(([0-9,]+)/s");

    @Test
    void aMillionLinesStreamIntoH2(@TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("users.csv"), MILLION, false);
        Path data = dir.resolve("data");
        RunnerProcess.Cli run = importInSmallHeap(file, List.of("--data-dir", data.toString()));
        assertEquals(0, run.exit(), run.output());
        report("H2", run.output());
        assertFalse(run.output().contains("\r"), "no progress into a pipe: " + run.output());
        assertEquals(MILLION, count(JdbcSettings.h2File(data)));
    }

    @Test
    void aMillionLinesStreamIntoPostgres() throws Exception {
        try (PostgresRunners postgres = new PostgresRunners()) {
            Path file = write(Files.createTempFile("users", ".csv"), MILLION, false);
            try {
                RunnerProcess.Cli run = importInSmallHeap(file, postgres.db());
                assertEquals(0, run.exit(), run.output());
                report("PostgreSQL", run.output());
                assertEquals(MILLION, count(JdbcSettings.of(postgres.db().get(1), TestDatabases.POSTGRES_USER, "")));
            } finally {
                Files.delete(file);
            }
        }
    }

    /** The last of 200,000 lines repeats the first: the database refuses it, and the 199,999 before go too. */
    @Test
    void aNameRepeatedAtTheEndRollsEverythingBack(@TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("users.csv"), 200_000, true);
        Path data = dir.resolve("data");
        RunnerProcess.Cli run = importInSmallHeap(file, List.of("--data-dir", data.toString()));
        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("line 200000: the name is the same as line 1's after normalisation, "
                + "or looks like it (UTS #39). Nothing imported."), run.output());
        assertEquals(0, count(JdbcSettings.h2File(data)));
    }

    /**
     * SIGKILL while the users are being inserted (the progress line says so): nothing was acknowledged, so
     * nothing is there; the same import run again then inserts every line.
     */
    @Test
    void aKillDuringTheInsertLeavesNothingAndTheImportRunsAgain(@TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("users.csv"), MILLION, false);
        Path data = dir.resolve("data");
        String command = RunnerProcess.javaBin() + " -Xmx48m -jar " + RunnerProcess.JAR.toAbsolutePath()
                + " users import " + file + " --data-dir " + data;
        Process script = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true).start();
        script.getOutputStream().close();
        StringBuilder seen = new StringBuilder();
        java.io.InputStream out = script.getInputStream();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!seen.toString().contains("users inserted: ") && System.nanoTime() < deadline) {
            int b = out.read();
            if (b < 0) {
                break;
            }
            seen.append((char) b);
        }
        assertTrue(seen.toString().contains("users inserted: "), seen.toString());
        ProcessHandle importer = script.toHandle().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("java")).findFirst().orElseThrow();
        importer.destroyForcibly(); // SIGKILL: no rollback, no close
        assertTrue(script.waitFor(1, TimeUnit.MINUTES));
        assertFalse(seen.toString().contains("imported "), "killed before it acknowledged: " + seen);
        assertEquals(0, count(JdbcSettings.h2File(data)));

        RunnerProcess.Cli again = importInSmallHeap(file, List.of("--data-dir", data.toString()));
        assertEquals(0, again.exit(), again.output());
        assertEquals(MILLION, count(JdbcSettings.h2File(data)));
    }

    /** On a terminal: the lines checked, then the users inserted of the total, each with a rate. */
    @Test
    void showsProgressOnATerminal(@TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("users.csv"), 300_000, false);
        String command = RunnerProcess.javaBin() + " -jar " + RunnerProcess.JAR.toAbsolutePath() + " users import "
                + file + " --data-dir " + dir.resolve("data");
        Process script = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true)
                .start();
        script.getOutputStream().close();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(script.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, script.exitValue(), output);
        assertTrue(output.matches("(?s).*\\rlines checked: 300,000 \\([0-9,]+/s\\).*"), output);
        assertTrue(output.matches("(?s).*\\rusers inserted: 300,000 of 300,000 \\([0-9,]+/s\\).*"), output);
        assertTrue(output.contains("imported 300000 users in"), output);
    }

    private static RunnerProcess.Cli importInSmallHeap(Path file, List<String> db) throws Exception {
        List<String> command = new ArrayList<>(List.of(RunnerProcess.javaBin(), "-Xmx48m", "-XX:+UseSerialGC",
                "-jar", RunnerProcess.JAR.toString(), "users", "import", file.toString()));
        command.addAll(db);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), output);
        return new RunnerProcess.Cli(process.exitValue(), output);
    }

    private static void report(String database, String output) {
        Matcher m = RESULT.matcher(output);
        assertTrue(m.find(), output);
        assertEquals(Integer.toString(MILLION), m.group(1));
        System.out.println("users import of " + MILLION + " lines on " + database + ": " + m.group(2)
                + " users/s checked and inserted");
    }

    /** An import file of {@code lines} users (argon2id, two roles, an email); the last repeats the first if asked. */
    static Path write(Path file, int lines, boolean repeatFirstAtEnd) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                int n = repeatFirstAtEnd && i == lines - 1 ? 0 : i;
                out.write("user" + n + "," + HASH + ",staff;reader,user" + n + "@example.test,true\n");
            }
        }
        return file;
    }

    private static long count(JdbcSettings database) throws Exception {
        try (Connection c = DriverManager.getConnection(database.url(), database.username(), database.password());
                ResultSet rows = c.createStatement().executeQuery("SELECT COUNT(*) FROM auth_users")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
