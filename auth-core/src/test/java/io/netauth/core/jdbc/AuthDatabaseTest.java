package io.netauth.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.netauth.core.StoreUnavailableException;
import io.netauth.core.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthDatabaseTest {

    @Test
    void h2FileDatabaseKeepsUsersAcrossOpensAndMigratesOnce(@TempDir Path dir) {
        JdbcSettings settings = JdbcSettings.h2File(dir);
        try (AuthDatabase db = AuthDatabase.open(settings)) {
            db.userDirectory().createUser("erin", "$h", List.of());
        }
        try (AuthDatabase db = AuthDatabase.open(settings)) {
            assertTrue(db.credentialStore().findByUsername("erin").isPresent());
        }
        assertTrue(Files.exists(dir.resolve("netauth.mv.db")));
        // H2 writes the errors of its statements to a trace file beside the database: a first start asked for
        // the schema history of an empty database and left one behind, with a stack trace in it. (Under the
        // tests' -ea, H2 may also trace an assertion of its own compaction at close; a server has no -ea.)
        Path trace = dir.resolve("netauth.trace.db");
        String traced = Files.exists(trace) ? readQuietly(trace) : "";
        assertFalse(traced.contains("auth_schema_history"), traced);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void theNewestMigrationFileIsTheVersionTheFastStartExpects() throws IOException {
        Pattern name = Pattern.compile("V(\\d+)__.*\\.sql");
        int newest;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/io/netauth/core/jdbc/migration"))) {
            newest = files.map(f -> name.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow();
        }
        assertEquals(newest, AuthDatabase.LATEST_MIGRATION);
    }

    @Test
    void onlyACompleteCurrentSchemaSkipsFlywayOnH2() throws SQLException {
        schemaCheck(TestDatabases.h2Memory());
    }

    @Test
    void onlyACompleteCurrentSchemaSkipsFlywayOnPostgres() throws SQLException {
        try (TestDatabases.PostgresSchema schema = TestDatabases.postgresSchema()) {
            schemaCheck(schema.settings());
        }
    }

    private static void schemaCheck(JdbcSettings settings) throws SQLException {
        try (HikariDataSource raw = new HikariDataSource(hikari(settings))) {
            assertFalse(AuthDatabase.schemaIsCurrent(raw), "no history table yet");
            try (AuthDatabase db = AuthDatabase.open(settings)) {
                assertTrue(AuthDatabase.schemaIsCurrent(db.dataSource()));
            }
            String insert = "INSERT INTO \"auth_schema_history\" (\"installed_rank\", \"version\", "
                    + "\"description\", \"type\", \"script\", \"installed_by\", \"execution_time\", "
                    + "\"success\") VALUES (99, ?, 'x', 'SQL', 'x.sql', 'test', 0, ?)";
            try (Connection c = raw.getConnection(); PreparedStatement s = c.prepareStatement(insert);
                    Statement delete = c.createStatement()) {
                s.setString(1, String.valueOf(AuthDatabase.LATEST_MIGRATION + 1));
                s.setBoolean(2, true);
                s.executeUpdate();
                assertFalse(AuthDatabase.schemaIsCurrent(raw), "a newer jar migrated this database");
                delete.executeUpdate("DELETE FROM \"auth_schema_history\" WHERE \"installed_rank\" = 99");
                s.setString(1, String.valueOf(AuthDatabase.LATEST_MIGRATION));
                s.setBoolean(2, false);
                s.executeUpdate();
                assertFalse(AuthDatabase.schemaIsCurrent(raw), "a failed migration is Flyway's to report");
            }
        }
    }

    private static HikariConfig hikari(JdbcSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.username());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(2);
        return config;
    }

    @Test
    void twoOpenersShareOneH2FileThroughAutoServer(@TempDir Path dir) {
        JdbcSettings settings = JdbcSettings.h2File(dir);
        try (AuthDatabase server = AuthDatabase.open(settings); AuthDatabase cli = AuthDatabase.open(settings)) {
            cli.userDirectory().createUser("frank", "$h", List.of());
            assertTrue(server.credentialStore().findByUsername("frank").isPresent());
        }
    }

    @Test
    void aClosedPoolAnswersUnavailable() {
        AuthDatabase db = AuthDatabase.open(JdbcSettings.h2File(Path.of("target", "closed-pool-test")));
        db.close();
        assertThrows(StoreUnavailableException.class, () -> db.credentialStore().findByUsername("x"));
    }

    @Test
    void settingsRedactCredentialsAndValidate() {
        JdbcSettings s = JdbcSettings.of("jdbc:postgresql://db/auth?password=hunter2", "u", "hunter2");
        assertEquals("jdbc:postgresql://db/auth", s.redactedUrl());
        assertFalse(s.toString().contains("hunter2"));
        assertEquals("PostgreSQL", s.product());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JdbcSettings("jdbc:h2:mem:x", "", "", 0, Duration.ofSeconds(1)));
        assertEquals("db-pool-size: '0' (expected: a whole number from 1 to 1000)", e.getMessage());
    }
}
