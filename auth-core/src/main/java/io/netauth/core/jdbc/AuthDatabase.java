package io.netauth.core.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.netauth.core.StoreUnavailableException;
import java.time.Clock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The server's own database: a HikariCP pool with the versioned schema migrations applied, and the stores
 * built on it. Opening it blocks (it connects and migrates); do it at start, not on an event loop.
 */
public final class AuthDatabase implements AutoCloseable {

    private static final String MIGRATIONS = "classpath:io/netauth/core/jdbc/migration";

    private final JdbcSettings settings;
    private final HikariDataSource dataSource;
    private final JdbcCredentialStore credentialStore;
    private final JdbcSigningKeyStore signingKeyStore;
    private final JdbcRefreshTokenStore refreshTokenStore;

    private AuthDatabase(JdbcSettings settings, HikariDataSource dataSource, Clock clock) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.credentialStore = new JdbcCredentialStore(dataSource, clock);
        this.signingKeyStore = new JdbcSigningKeyStore(dataSource);
        this.refreshTokenStore = new JdbcRefreshTokenStore(dataSource);
    }

    /**
     * Connects, applies pending migrations and returns the open database.
     *
     * @throws StoreUnavailableException if the database cannot be reached or migrated
     */
    public static AuthDatabase open(JdbcSettings settings) {
        return open(settings, Clock.systemUTC());
    }

    /** As {@link #open(JdbcSettings)}, with the clock that stamps rows. */
    public static AuthDatabase open(JdbcSettings settings, Clock clock) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("netauth-db");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.username());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(settings.connectionTimeout().toMillis(), 1_000));
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot connect to " + settings.redactedUrl() + ": "
                    + rootMessage(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(MIGRATIONS)
                    .table("auth_schema_history")
                    // The tables may share a schema with an application's own: baseline below V1 so that
                    // a non-empty schema still gets every migration.
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
            return new AuthDatabase(settings, dataSource, clock);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreUnavailableException("cannot migrate " + settings.redactedUrl() + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    /** Whether a connection can be had and answers within {@code timeout}; for readiness checks. Blocks. */
    public boolean isReachable(java.time.Duration timeout) {
        try (java.sql.Connection c = dataSource.getConnection()) {
            return c.isValid((int) Math.max(1, timeout.toSeconds()));
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcSettings settings() {
        return settings;
    }

    public JdbcCredentialStore credentialStore() {
        return credentialStore;
    }

    public JdbcSigningKeyStore signingKeyStore() {
        return signingKeyStore;
    }

    public JdbcRefreshTokenStore refreshTokenStore() {
        return refreshTokenStore;
    }

    /** Closes the pool; calls in progress finish first. */
    @Override
    public void close() {
        dataSource.close();
    }
}
