package io.netauth.core.jdbc;

import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.InvalidSettingException;
import io.netauth.core.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach the database: an immutable value validated on construction.
 *
 * @param url               JDBC URL ({@code jdbc:h2:...} or {@code jdbc:postgresql:...})
 * @param username          database user, may be empty
 * @param password          database password, may be empty; never printed
 * @param maxPoolSize       connections in the pool; the server sizes its {@code blockingExecutor} to match
 * @param connectionTimeout how long a caller waits for a connection before the store answers "unavailable"
 */
public record JdbcSettings(String url, String username, String password, int maxPoolSize,
        Duration connectionTimeout) {

    public JdbcSettings {
        if (CoreSettings.DB_URL.check(url).isEmpty()) {
            throw new InvalidSettingException(CoreSettings.DB_URL.key(), "", "a JDBC URL starting with jdbc:");
        }
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        CoreSettings.DB_POOL_SIZE.check(maxPoolSize);
        CoreSettings.DB_TIMEOUT.check(connectionTimeout);
    }

    /** Settings with the default pool size and timeout. */
    public static JdbcSettings of(String url, String username, String password) {
        return new JdbcSettings(url, username, password, CoreSettings.DB_POOL_SIZE.defaultValue(),
                CoreSettings.DB_TIMEOUT.defaultValue());
    }

    /**
     * The database of {@code db-url}, {@code db-user}, {@code db-password}, {@code db-pool-size} and
     * {@code db-timeout}; with no {@code db-url}, the embedded H2 database in {@code data-dir}.
     */
    public static JdbcSettings from(Settings settings) {
        String url = settings.get(CoreSettings.DB_URL);
        JdbcSettings base = url.isEmpty() ? h2File(Path.of(settings.get(CoreSettings.DATA_DIR)))
                : of(url, settings.get(CoreSettings.DB_USER), settings.get(CoreSettings.DB_PASSWORD));
        return new JdbcSettings(base.url, base.username, base.password, settings.get(CoreSettings.DB_POOL_SIZE),
                settings.get(CoreSettings.DB_TIMEOUT));
    }

    /**
     * The embedded default: an H2 file database in {@code dataDir}, with each commit written to the file before
     * it returns ({@code WRITE_DELAY=0}; H2's default holds commits in memory for up to half a second, and a killed
     * process loses them), in {@code AUTO_SERVER} mode so that the {@code users} command can change it while a
     * server has it open. The directory is made with mode 0700 (a wider one is tightened), the user {@code sa}
     * has a random password kept in {@code dataDir/h2.password} (0600, made here at the first call), H2's
     * automatic server listens on loopback only, and H2 keeps no trace file. Blocks on the file system.
     */
    public static JdbcSettings h2File(Path dataDir) {
        return EmbeddedH2.prepare(dataDir);
    }

    /** Whether the embedded default's database file is in {@code dataDir} already: false before its first start. */
    public static boolean h2FileExists(Path dataDir) {
        return Files.exists(dataDir.resolve(EmbeddedH2.NAME + ".mv.db"));
    }

    /** The database product, from the URL. */
    public String product() {
        if (url.startsWith("jdbc:h2:")) {
            return "H2";
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return "PostgreSQL";
        }
        return url.substring(5, Math.max(5, url.indexOf(':', 5)));
    }

    /** The URL without its query or parameters, which may carry credentials. */
    public String redactedUrl() {
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int at = url.indexOf(c);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return url.substring(0, cut);
    }

    @Override
    public String toString() {
        return "JdbcSettings[url=" + redactedUrl() + ", username=" + username + ", maxPoolSize=" + maxPoolSize
                + ", connectionTimeout=" + connectionTimeout + ']';
    }
}
