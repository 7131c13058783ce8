package io.netauth.core.jdbc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

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

    public static final int DEFAULT_MAX_POOL_SIZE = 10;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);

    public JdbcSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("db url: " + url + " (expected: a JDBC URL starting with jdbc:)");
        }
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("db pool size: " + maxPoolSize + " (expected: > 0)");
        }
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("db connection timeout: " + connectionTimeout
                    + " (expected: >= 250ms)");
        }
    }

    /** Settings with the default pool size and timeout. */
    public static JdbcSettings of(String url, String username, String password) {
        return new JdbcSettings(url, username, password, DEFAULT_MAX_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
    }

    /**
     * The embedded default: an H2 file database in {@code dataDir}, in {@code AUTO_SERVER} mode so that the
     * {@code users} command can change it while a server has it open.
     */
    public static JdbcSettings h2File(Path dataDir) {
        Path base = dataDir.toAbsolutePath().normalize().resolve("netauth");
        return of("jdbc:h2:file:" + base + ";AUTO_SERVER=TRUE", "sa", "");
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
