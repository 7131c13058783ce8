package io.netauth.core.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.netauth.core.StoreUnavailableException;
import io.netauth.core.secret.SecretKeyException;
import io.netauth.core.secret.SecretKeys;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The server's own database: a HikariCP pool with the versioned schema migrations applied, and the stores
 * built on it. Opening it blocks (it connects and migrates); do it at start, not on an event loop.
 */
public final class AuthDatabase implements AutoCloseable {

    private static final String MIGRATIONS = "classpath:io/netauth/core/jdbc/migration";
    private static final String HISTORY_TABLE = "auth_schema_history";
    /** The newest migration in this jar; a test keeps it in step with the migration files. */
    static final int LATEST_MIGRATION = 10;

    private final JdbcSettings settings;
    private final HikariDataSource dataSource;
    private final JdbcCredentialStore credentialStore;
    private final JdbcUserDirectory userDirectory;
    private final JdbcSigningKeyStore signingKeyStore;
    private final JdbcMfaStore mfaStore;
    private final JdbcSessionStore sessionStore;
    private final SecretKeys secrets;
    private final JdbcRefreshTokenStore refreshTokenStore;
    private final JdbcClientStore clientStore;
    private final JdbcChangeStore changeStore;

    private AuthDatabase(JdbcSettings settings, HikariDataSource dataSource, Clock clock, SecretKeys secrets) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.credentialStore = new JdbcCredentialStore(dataSource, clock);
        this.userDirectory = new JdbcUserDirectory(dataSource, clock);
        this.signingKeyStore = new JdbcSigningKeyStore(dataSource, secrets);
        this.mfaStore = new JdbcMfaStore(dataSource, secrets);
        this.sessionStore = new JdbcSessionStore(dataSource);
        this.secrets = secrets;
        this.refreshTokenStore = new JdbcRefreshTokenStore(dataSource);
        this.clientStore = new JdbcClientStore(dataSource);
        this.changeStore = new JdbcChangeStore(dataSource);
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
        return open(settings, clock, null);
    }

    /**
     * As {@link #open(JdbcSettings)}, sealing every stored secret with {@code secrets}: private keys left in plain
     * text by an earlier version are sealed now, and every stored secret is opened once, so that a wrong or
     * missing key stops the start here rather than half-way through serving.
     *
     * @throws SecretKeyException when a stored secret opens with none of the keys
     */
    public static AuthDatabase open(JdbcSettings settings, SecretKeys secrets) {
        return open(settings, Clock.systemUTC(), java.util.Objects.requireNonNull(secrets, "secrets"));
    }

    private static AuthDatabase open(JdbcSettings settings, Clock clock, SecretKeys secrets) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("netauth-db");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.username());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(settings.connectionTimeout().toMillis(), 1_000));
        boolean embedded = EmbeddedH2.isEmbedded(settings);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            if (!embedded || !EmbeddedH2.wrongPassword(e)) {
                throw unreachable(settings, e);
            }
            EmbeddedH2.adoptPassword(settings); // a database an earlier version made without a password
            try {
                dataSource = new HikariDataSource(config);
            } catch (RuntimeException again) {
                throw unreachable(settings, again);
            }
        }
        if (embedded) {
            try {
                EmbeddedH2.checkOpened(settings);
            } catch (RuntimeException e) {
                dataSource.close();
                throw e;
            }
        }
        try {
            if (!schemaIsCurrent(dataSource)) {
                migrate(dataSource);
            }
            AuthDatabase database = new AuthDatabase(settings, dataSource, clock, secrets);
            int filled = database.userDirectory.fillConfusableKeys();
            if (filled > 0) {
                org.slf4j.LoggerFactory.getLogger(AuthDatabase.class).info(
                        "Recorded the confusable skeletons of {} existing user names", filled);
            }
            if (secrets != null) {
                database.checkSecrets();
            }
            return database;
        } catch (SecretKeyException e) {
            dataSource.close();
            throw e;
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreUnavailableException("cannot migrate " + settings.redactedUrl() + ": " + rootMessage(e), e);
        }
    }

    private static StoreUnavailableException unreachable(JdbcSettings settings, RuntimeException e) {
        return new StoreUnavailableException("cannot connect to " + settings.redactedUrl() + ": " + rootMessage(e), e);
    }

    private void checkSecrets() {
        int sealed = signingKeyStore.sealPlaintext();
        if (sealed > 0) {
            org.slf4j.LoggerFactory.getLogger(AuthDatabase.class).info(
                    "Sealed {} signing keys stored in plain text by an earlier version", sealed);
        }
        signingKeyStore.findAll(); // opens every sealed key: a wrong key fails the start, not a later request
        mfaStore.checkSecrets();
    }

    /**
     * Whether every migration of this jar is applied and nothing else is: then a start need not load Flyway,
     * whose classpath scan and validation took a third of the server's start-up. Anything else (no history, a
     * failed or a newer migration, an unreadable table) goes through Flyway, which migrates or explains.
     */
    static boolean schemaIsCurrent(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            if (!hasTable(c, HISTORY_TABLE)) {
                return false; // a new database: asking the table would leave H2 a trace file with the error
            }
            return newestApplied(c) == LATEST_MIGRATION;
        } catch (SQLException | NumberFormatException e) {
            return false;
        }
    }

    private static boolean hasTable(Connection c, String name) throws SQLException {
        try (ResultSet tables = c.getMetaData().getTables(null, c.getSchema(), name, null)) {
            return tables.next();
        }
    }

    /** The newest version in the history, or -1 when a migration in it failed. */
    private static int newestApplied(Connection c) throws SQLException {
        String sql = "SELECT \"version\", \"success\" FROM \"" + HISTORY_TABLE + "\"";
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            int newest = -1;
            while (rows.next()) {
                String version = rows.getString(1);
                if (!rows.getBoolean(2)) {
                    return -1;
                }
                if (version != null) {
                    newest = Math.max(newest, Integer.parseInt(version));
                }
            }
            return newest;
        }
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .table(HISTORY_TABLE)
                // The tables may share a schema with an application's own: baseline below V1 so that
                // a non-empty schema still gets every migration.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
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

    /** What logins and refreshes read. */
    public JdbcCredentialStore credentialStore() {
        return credentialStore;
    }

    /** Creates, changes, imports and lists users. */
    public JdbcUserDirectory userDirectory() {
        return userDirectory;
    }

    public JdbcSigningKeyStore signingKeyStore() {
        return signingKeyStore;
    }

    /** Browser sessions. */
    public JdbcSessionStore sessionStore() {
        return sessionStore;
    }

    /**
     * OpenID Connect: the spending of authorization codes, consents and the users' email; codes are sealed with
     * the key-encryption keys.
     *
     * @throws IllegalStateException when the database was opened without keys
     */
    public JdbcOidcStore oidcStore() {
        if (secrets == null) {
            throw new IllegalStateException("OpenID Connect seals its codes with the key-encryption keys: open the "
                    + "database with AuthDatabase.open(settings, secrets)");
        }
        return new JdbcOidcStore(dataSource, secrets);
    }

    /** Second factors: TOTP secrets (sealed like the signing keys), recovery codes and MFA tokens. */
    public JdbcMfaStore mfaStore() {
        return mfaStore;
    }

    /**
     * Seals every stored secret (signing keys and TOTP secrets) again under the first key of the ring, in one
     * transaction, after which the other keys can be dropped; answers how many were rewritten. Without keys, 0.
     *
     * @throws io.netauth.core.secret.SecretKeyException when a stored secret opens with none of the keys
     *     (nothing is rewritten)
     */
    public int rewrapSecrets() {
        if (secrets == null) {
            return 0;
        }
        try (java.sql.Connection c = dataSource.getConnection()) {
            return io.netauth.core.internal.Transactions.run(c, tx ->
                    signingKeyStore.reseal(tx, stored -> !secrets.sealedWithCurrentKey(stored))
                            + mfaStore.reseal(tx, stored -> !secrets.sealedWithCurrentKey(stored)));
        } catch (java.sql.SQLException e) {
            throw io.netauth.core.internal.SqlFailures.failure("rewrap secrets", e);
        }
    }

    public JdbcRefreshTokenStore refreshTokenStore() {
        return refreshTokenStore;
    }

    public JdbcClientStore clientStore() {
        return clientStore;
    }

    public JdbcChangeStore changeStore() {
        return changeStore;
    }

    /** Closes the pool; calls in progress finish first. */
    @Override
    public void close() {
        dataSource.close();
    }
}
