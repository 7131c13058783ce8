package io.netauth.runner;

import java.util.Locale;

/**
 * Every configuration key of the runner, with its default and meaning: the one list from which the flags,
 * the environment variables, the file keys and the README's reference table are all derived.
 * A key {@code db-url} is the flag {@code --db-url}, the variable {@code AUTH_DB_URL} and the file key
 * {@code db-url}.
 */
public enum ConfigKey {
    CONFIG("config", "", "Path of a properties file with any of these keys."),
    HOST("host", "0.0.0.0", "Address to listen on."),
    PORT("port", "8080", "Port to listen on; 0 picks a free one (the start line says which)."),
    DATA_DIR("data-dir", "./data", "Directory of the embedded H2 database, used when db-url is empty."),
    DB_URL("db-url", "", "JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/auth; empty means H2 in data-dir."),
    DB_USER("db-user", "", "Database user."),
    DB_PASSWORD("db-password", "", "Database password; prefer the variable or the file to the flag, which "
            + "other users can see in the process list."),
    DB_POOL_SIZE("db-pool-size", "10", "Database connections; the JDBC executor has as many threads."),
    DB_TIMEOUT("db-timeout", "2s", "How long a request waits for a database connection before a 503."),
    ISSUER("issuer", "netauth", "The iss claim of issued tokens."),
    AUDIENCE("audience", "netauth", "The aud claim of issued tokens."),
    TOKEN_TTL("token-ttl", "15m", "Access token lifetime (e.g. 900s, 15m, 1h; 1s to 24h)."),
    SIGNING_ALG("signing-alg", "RS256", "RS256, ES256 or HS256."),
    TOKEN_LEEWAY("token-leeway", "10s", "Clock skew accepted when verifying exp, nbf and iat (0s to 5m)."),
    KEY_RELOAD_INTERVAL("key-reload-interval", "60s", "How often the signing keys are read again, so a rotation "
            + "made by another process is used within this time."),
    VERIFY_CACHE_SIZE("verify-cache-size", "10000", "Verified access tokens remembered by /auth/verify; 0 turns "
            + "the cache off."),
    REFRESH_IDLE_LIFETIME("refresh-idle-lifetime", "7d", "How long an unused refresh token stays valid."),
    REFRESH_ABSOLUTE_LIFETIME("refresh-absolute-lifetime", "30d", "How long a login's refresh tokens can be "
            + "renewed, however often they are used."),
    REFRESH_REUSE_GRACE("refresh-reuse-grace", "2s", "How long after its refresh a spent refresh token is refused "
            + "without revoking its family (0s to 1m)."),
    PURGE_INTERVAL("purge-interval", "10m", "How often expired and revoked refresh tokens are deleted."),
    JWKS_MAX_AGE("jwks-max-age", "5m", "Cache-Control max-age of /.well-known/jwks.json."),
    PASSWORD_HASH("password-hash", "argon2id", "Algorithm of new password hashes: argon2id, or bcrypt for "
            + "compatibility; a stored hash of the other algorithm or of weaker parameters is rehashed at its next "
            + "successful login."),
    BCRYPT_COST("bcrypt-cost", "10", "bcrypt cost of new password hashes when password-hash is bcrypt (10 to 20)."),
    ARGON2_MEMORY_KIB("argon2-memory-kib", "19456", "argon2id memory of new password hashes, in KiB."),
    ARGON2_ITERATIONS("argon2-iterations", "2", "argon2id passes of new password hashes."),
    ARGON2_PARALLELISM("argon2-parallelism", "1", "argon2id lanes of new password hashes."),
    HASHING_THREADS("hashing-threads", "0", "Threads hashing passwords and signing tokens; 0 means one per core."),
    HASHING_QUEUE("hashing-queue", "0", "Logins waiting for a hashing thread before 503 overloaded; "
            + "0 means 16 per hashing thread."),
    IO_THREADS("io-threads", "0", "Event-loop threads; 0 means one per core."),
    MAX_BODY_SIZE("max-body-size", "8192", "Largest request body in bytes (413 beyond)."),
    MAX_HEADER_SIZE("max-header-size", "8192", "Largest request header block in bytes (431 beyond)."),
    MAX_REQUEST_LINE("max-request-line", "4096", "Longest request line in bytes (414 beyond)."),
    SHUTDOWN_TIMEOUT("shutdown-timeout", "10s", "How long a stop waits for requests in flight."),
    MANAGEMENT_PORT("management-port", "-1", "Serve /health and /metrics only on this port (0 picks one); -1 "
            + "serves them on the main port."),
    MANAGEMENT_HOST("management-host", "127.0.0.1", "Address of the management port."),
    TLS_CERT("tls-cert", "", "PEM certificate chain (leaf first); with tls-key, the main port speaks TLS 1.2/1.3."),
    TLS_KEY("tls-key", "", "PEM private key (PKCS#8) of tls-cert."),
    TLS_RELOAD_INTERVAL("tls-reload-interval", "30s", "How often the TLS files are checked; a changed pair is "
            + "served to new connections without a restart."),
    MAX_CONNECTIONS("max-connections", "10000", "Open connections beyond which a new one gets 503 overloaded and is "
            + "closed."),
    IDLE_TIMEOUT("idle-timeout", "60s", "A connection without reads or writes for this long is closed."),
    REQUEST_TIMEOUT("request-timeout", "10s", "Time from a request's first byte to its last; longer gets 408 "
            + "and a closed connection (slowloris)."),
    TRUSTED_PROXIES("trusted-proxies", "", "Comma-separated IPs or CIDR blocks whose X-Forwarded-For names the "
            + "client; empty trusts none."),
    ADMIN_API("admin-api", "false", "Serve the admin API under /admin/users (true or false)."),
    ADMIN_ROLE("admin-role", "admin", "The role an access token needs for the admin API."),
    THROTTLE_STORE("throttle-store", "memory", "Where failed logins are counted: memory (per process) or database "
            + "(shared by every process on the database)."),
    THROTTLE_ACCOUNT_FREE("throttle-account-free", "5", "Failed logins per account before delays start."),
    THROTTLE_CLIENT_FREE("throttle-client-free", "20", "Failed logins per client address before delays start."),
    THROTTLE_BASE_DELAY("throttle-base-delay", "1s", "First delay past the free failures; it doubles with each "
            + "further failure."),
    THROTTLE_MAX_DELAY("throttle-max-delay", "15m", "Longest delay."),
    THROTTLE_FORGET_AFTER("throttle-forget-after", "1h", "A counter without a new failure for this long starts "
            + "again from zero.");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The file key, e.g. {@code db-url}. */
    public String key() {
        return key;
    }

    /** The flag, e.g. {@code --db-url}. */
    public String flag() {
        return "--" + key;
    }

    /** The environment variable, e.g. {@code AUTH_DB_URL}. */
    public String env() {
        return "AUTH_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The key with this file name, or {@code null}. */
    public static ConfigKey byKey(String key) {
        for (ConfigKey k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }
}
