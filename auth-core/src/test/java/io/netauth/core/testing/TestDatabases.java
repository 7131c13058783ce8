package io.netauth.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.netauth.core.jdbc.JdbcSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Real databases for tests: a private in-memory H2, or a private schema on the PostgreSQL at
 * 127.0.0.1:5432 (database {@code test}, user {@code postgres}). Where PostgreSQL does not answer, its tests
 * are skipped with a message, unless {@code CI} is set, in which case they fail.
 */
public final class TestDatabases {

    public static final String POSTGRES_URL = System.getenv().getOrDefault("NETAUTH_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String POSTGRES_USER = System.getenv().getOrDefault("NETAUTH_TEST_PG_USER", "postgres");

    private TestDatabases() {
    }

    /** A fresh in-memory H2 database that lives until the JVM exits. */
    public static JdbcSettings h2Memory() {
        return JdbcSettings.of("jdbc:h2:mem:netauth-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    /** A fresh schema on the local PostgreSQL; drop it with {@link PostgresSchema#close()}. */
    public static PostgresSchema postgresSchema() {
        String schema = "netauth_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String message = "PostgreSQL at " + POSTGRES_URL + " as " + POSTGRES_USER + " does not answer ("
                    + e.getMessage() + ")";
            if (System.getenv("CI") != null) {
                fail(message + "; CI is set, so PostgreSQL tests must run");
            }
            Assumptions.abort(message + "; skipping the PostgreSQL tests");
        }
        return new PostgresSchema(schema);
    }

    /** A private PostgreSQL schema, dropped on close. */
    public record PostgresSchema(String name) implements AutoCloseable {

        public JdbcSettings settings() {
            return JdbcSettings.of(POSTGRES_URL + "?currentSchema=" + name, POSTGRES_USER, "");
        }

        @Override
        public void close() {
            try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop test schema " + name, e);
            }
        }
    }
}
