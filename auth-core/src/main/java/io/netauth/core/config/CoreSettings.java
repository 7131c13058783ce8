package io.netauth.core.config;

import io.netauth.core.LoginThrottle;
import io.netauth.core.token.SigningAlgorithm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of the core: database, tokens, refresh tokens, password hashing and login throttling. Each is
 * declared here once, with its default, its range and its meaning; {@link #all()} lists them in the order the
 * reference shows them.
 */
public final class CoreSettings {

    private static final List<Setting<?>> ALL = new ArrayList<>();

    // Database
    public static final Setting<String> DATA_DIR = declare(Setting.text("data-dir", "./data",
            "Directory of the embedded H2 database, used when db-url is empty: mode 0700 (a wider one is "
                    + "tightened at start), its files 0600, its random database password in h2.password."));
    public static final Setting<String> DB_URL = declare(Setting.text("db-url", "", "(jdbc:.+)?",
            "empty, or a JDBC URL starting with jdbc:",
            "JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/auth; empty means H2 in data-dir."));
    public static final Setting<String> DB_USER = declare(Setting.text("db-user", "", "Database user."));
    public static final Setting<String> DB_PASSWORD = declare(Setting.text("db-password", "",
            "Database password; prefer the variable or the file to the flag, which other users can see in the "
                    + "process list."));
    public static final Setting<Integer> DB_POOL_SIZE = declare(Setting.integer("db-pool-size", 10, 1, 1000,
            "Database connections; the JDBC executor (netauth-blocking) has as many threads."));
    public static final Setting<Duration> DB_TIMEOUT = declare(Setting.duration("db-timeout", "2s",
            Duration.ofMillis(250), Duration.ofMinutes(1),
            "How long a request waits for a database connection before a 503."));

    // Access tokens
    public static final Setting<String> ISSUER = declare(Setting.text("issuer", "http://localhost:8080",
            "https?://[^\\s/?#]+(/[^\\s?#]*[^\\s?#/])?", "an http(s) URL without query, fragment or trailing slash",
            "The issuer identifier: the iss claim of every token and the base of the metadata's URLs (RFC 8414). "
                    + "Production sets it to the server's public https URL."));
    public static final Setting<String> AUDIENCE = declare(Setting.text("audience", "netauth", "\\S(.*\\S)?",
            "non-empty text", "The aud claim of issued tokens."));
    public static final Setting<Duration> TOKEN_TTL = declare(Setting.duration("token-ttl", "15m",
            Duration.ofSeconds(1), Duration.ofDays(1), "Access token lifetime."));
    public static final Setting<SigningAlgorithm> SIGNING_ALG = declare(Setting.of("signing-alg", "RS256",
            SigningAlgorithm::parse, SigningAlgorithm::name, "RS256, ES256 or HS256",
            "Algorithm of the signing key: RS256, ES256 or HS256."));
    public static final Setting<Duration> TOKEN_LEEWAY = declare(Setting.duration("token-leeway", "10s",
            Duration.ZERO, Duration.ofMinutes(5), "Clock skew accepted when verifying exp, nbf and iat."));
    public static final Setting<Duration> KEY_RELOAD_INTERVAL = declare(Setting.duration("key-reload-interval",
            "60s", Duration.ofSeconds(1), Duration.ofHours(1),
            "How often the signing keys are read again, so a rotation made by another process is used within "
                    + "this time."));
    public static final Setting<Duration> REVOCATION_SYNC_INTERVAL = declare(Setting.duration(
            "revocation-sync-interval", "5s", Duration.ofMillis(100), Duration.ofMinutes(5),
            "How often each process reads the change feed: a token revoked, or a user or client changed, "
                    + "disabled or removed on another process is honoured here within this time."));
    public static final Setting<Integer> VERIFY_CACHE_SIZE = declare(Setting.integer("verify-cache-size", 10_000,
            0, 10_000_000, "Verified access tokens remembered by /auth/verify; 0 turns the cache off."));
    public static final Setting<Boolean> CLIENT_ASSERTION_TOKEN_ENDPOINT = declare(Setting.flag(
            "client-assertion-token-endpoint", false,
            "Also accept the token endpoint URL as the aud of a private_key_jwt assertion, as clients written "
                    + "before RFC 7523bis send it; off, only the issuer identifier as a single string is (the "
                    + "OpenID Foundation's advice against audience injection)."));

    // Refresh tokens
    public static final Setting<Duration> REFRESH_IDLE_LIFETIME = declare(Setting.duration("refresh-idle-lifetime",
            "7d", Duration.ofMinutes(1), Duration.ofDays(365), "How long an unused refresh token stays valid."));
    public static final Setting<Duration> REFRESH_ABSOLUTE_LIFETIME = declare(Setting.duration(
            "refresh-absolute-lifetime", "30d", Duration.ofMinutes(1), Duration.ofDays(365),
            "How long a login's refresh tokens can be renewed, however often they are used; at least "
                    + "refresh-idle-lifetime."));
    public static final Setting<Duration> REFRESH_REUSE_GRACE = declare(Setting.duration("refresh-reuse-grace",
            "2s", Duration.ZERO, Duration.ofMinutes(1),
            "How long after its refresh a spent refresh token is refused without revoking its family."));

    // Password policy
    public static final Setting<Integer> PASSWORD_MIN_LENGTH = declare(Setting.integer("password-min-length", 8, 8,
            64, "Shortest new password, in characters; NIST SP 800-63B rev. 4 asks 15 where the password is the "
                    + "only factor. New passwords are also checked against 100,000 common breached ones."));

    // Browser sessions
    public static final Setting<Duration> SESSION_IDLE_TIMEOUT = declare(Setting.duration("session-idle-timeout",
            "30m", Duration.ofMinutes(1), Duration.ofDays(30),
            "A browser session not used for this long ends (its use is recorded at most every tenth of it)."));
    public static final Setting<Duration> SESSION_LIFETIME = declare(Setting.duration("session-lifetime", "12h",
            Duration.ofMinutes(1), Duration.ofDays(365),
            "A browser session ends this long after its sign-in, however much it is used."));

    // Second factors
    public static final Setting<List<String>> MFA_REQUIRED_ROLES = declare(Setting.list("mfa-required-roles",
            CoreSettings::checkRole, "role names separated by commas",
            "Roles whose holders must sign in with a second factor: one without TOTP gets mfa_enrollment_required "
                    + "and may only enrol. Empty requires none."));

    // Password hashing
    public static final Setting<String> PASSWORD_HASH = declare(Setting.oneOf("password-hash", "argon2id",
            List.of("argon2id", "bcrypt"), "Algorithm of new password hashes: argon2id, or bcrypt for "
                    + "compatibility; a stored hash of the other algorithm or of weaker parameters is rehashed at "
                    + "its next successful login."));
    public static final Setting<Integer> BCRYPT_COST = declare(Setting.integer("bcrypt-cost", 10, 10, 20,
            "bcrypt cost of new password hashes when password-hash is bcrypt."));
    public static final Setting<Integer> ARGON2_MEMORY_KIB = declare(Setting.integer("argon2-memory-kib", 19_456,
            8, 1 << 21, "argon2id memory of new password hashes, in KiB; at least 8 per lane."));
    public static final Setting<Integer> ARGON2_ITERATIONS = declare(Setting.integer("argon2-iterations", 2, 1, 64,
            "argon2id passes of new password hashes."));
    public static final Setting<Integer> ARGON2_PARALLELISM = declare(Setting.integer("argon2-parallelism", 1, 1,
            16, "argon2id lanes of new password hashes."));
    public static final Setting<Integer> HASH_MAX_MEMORY_KIB = declare(Setting.integer("hash-max-memory-kib",
            65_536, 8, 1 << 21, "The most memory one stored argon2 hash may take to verify, in KiB (64 MiB, PHP's "
                    + "default); users import refuses a hash above it with its line, and login never verifies one. "
                    + "At most hash-memory-budget-kib."));
    public static final Setting<Integer> HASH_MAX_BCRYPT_COST = declare(Setting.integer("hash-max-bcrypt-cost", 14,
            4, 20, "The highest cost of a stored bcrypt hash (2^cost rounds; 14 takes about a second); users import "
                    + "refuses a hash above it with its line, and login never verifies one."));
    public static final Setting<Integer> HASH_MEMORY_BUDGET_KIB = declare(Setting.integer("hash-memory-budget-kib",
            0, 0, Integer.MAX_VALUE, "Memory that password verifications may hold at once, in KiB; one that "
                    + "does not fit is refused at once as overloaded (503). 0: 60% of the JVM's maximum heap."));

    // Login throttling
    public static final Setting<Integer> THROTTLE_ACCOUNT_FREE = declare(Setting.integer("throttle-account-free",
            5, 0, 1_000_000_000, "Failed logins per account before delays start."));
    public static final Setting<Duration> THROTTLE_ACCOUNT_BASE_DELAY = declare(Setting.duration(
            "throttle-account-base-delay", "1s", Duration.ofMillis(1), Duration.ofDays(1),
            "First delay of an account past its free failures; it doubles with each further failure."));
    public static final Setting<Duration> THROTTLE_ACCOUNT_MAX_DELAY = declare(Setting.duration(
            "throttle-account-max-delay", "15m", Duration.ofMillis(1), Duration.ofDays(1),
            "Longest delay of an account; at least throttle-account-base-delay."));
    public static final Setting<Duration> THROTTLE_ACCOUNT_FORGET_AFTER = declare(Setting.duration(
            "throttle-account-forget-after", "1h", Duration.ofMillis(1), Duration.ofDays(30),
            "An account's counter without a new failure for this long starts again from zero; at least "
                    + "throttle-account-max-delay."));
    public static final Setting<Integer> THROTTLE_CLIENT_FREE = declare(Setting.integer("throttle-client-free",
            20, 0, 1_000_000_000, "Failed logins per client address before delays start."));
    public static final Setting<Duration> THROTTLE_CLIENT_BASE_DELAY = declare(Setting.duration(
            "throttle-client-base-delay", "1s", Duration.ofMillis(1), Duration.ofDays(1),
            "First delay of a client address past its free failures; it doubles with each further failure."));
    public static final Setting<Duration> THROTTLE_CLIENT_MAX_DELAY = declare(Setting.duration(
            "throttle-client-max-delay", "15m", Duration.ofMillis(1), Duration.ofDays(1),
            "Longest delay of a client address; at least throttle-client-base-delay."));
    public static final Setting<Duration> THROTTLE_CLIENT_FORGET_AFTER = declare(Setting.duration(
            "throttle-client-forget-after", "1h", Duration.ofMillis(1), Duration.ofDays(30),
            "A client address's counter without a new failure for this long starts again from zero; at least "
                    + "throttle-client-max-delay."));
    public static final Setting<Integer> THROTTLE_IPV6_PREFIX = declare(Setting.integer("throttle-ipv6-prefix",
            64, 1, 128, "Leading bits of an IPv6 client address that name one client for the throttles, since a "
                    + "client is routinely given a whole /64; an IPv4-mapped IPv6 address counts as its IPv4 "
                    + "address."));
    public static final Setting<Integer> THROTTLE_MAX_TRACKED = declare(Setting.integer("throttle-max-tracked",
            100_000, 1, 10_000_000, "Counters kept per kind by the in-memory throttle; the least useful are "
                    + "dropped first."));

    // Audit
    public static final Setting<String> AUDIT_KEY = declare(Setting.text("audit-key", "",
            "Key of the digest that stands in the audit log for a username that names no account (it may be a "
                    + "password typed in the wrong field); empty makes a random key at each start. Give every "
                    + "process the same key to match digests across processes and restarts."));

    public static final Setting<Boolean> SECRET_FILES_READABLE = declare(Setting.flag("secret-files-readable", false,
            "Start even when a file holding a secret (secrets-keys, tls-key) can be read by other users; for "
                    + "containers that mount secrets read-only with other modes. Off: such a file stops the start."));

    private CoreSettings() {
    }

    /** Every core setting, in the reference's order. */
    public static List<Setting<?>> all() {
        return List.copyOf(ALL);
    }

    /**
     * The checks that relate two core settings, each naming the key to change: a refresh token family outlives
     * its tokens, and each throttle's delays grow from base to maximum and are forgotten only after that.
     *
     * @throws InvalidSettingException for the first contradiction found
     */
    public static void checkRelations(Settings settings) {
        Duration idle = settings.get(REFRESH_IDLE_LIFETIME);
        Duration absolute = settings.get(REFRESH_ABSOLUTE_LIFETIME);
        if (absolute.compareTo(idle) < 0) {
            throw new InvalidSettingException(REFRESH_ABSOLUTE_LIFETIME.key(), REFRESH_ABSOLUTE_LIFETIME.format(absolute),
                    "at least " + REFRESH_IDLE_LIFETIME.key() + " (" + REFRESH_IDLE_LIFETIME.format(idle) + ")");
        }
        Duration sessionIdle = settings.get(SESSION_IDLE_TIMEOUT);
        Duration session = settings.get(SESSION_LIFETIME);
        if (session.compareTo(sessionIdle) < 0) {
            throw new InvalidSettingException(SESSION_LIFETIME.key(), SESSION_LIFETIME.format(session),
                    "at least " + SESSION_IDLE_TIMEOUT.key() + " (" + SESSION_IDLE_TIMEOUT.format(sessionIdle) + ")");
        }
        LoginThrottle.Policy.forAccounts(settings);
        LoginThrottle.Policy.forClients(settings);
    }

    private static String checkRole(String role) {
        if (!io.netauth.core.Roles.isValid(role)) {
            throw new IllegalArgumentException("not a role name: " + role);
        }
        return role;
    }

    private static <T> Setting<T> declare(Setting<T> setting) {
        ALL.add(setting);
        return setting;
    }
}
