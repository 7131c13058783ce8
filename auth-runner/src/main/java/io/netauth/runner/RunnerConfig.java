package io.netauth.runner;

import io.netauth.core.LoginThrottle;
import io.netauth.core.StandardPasswordHasher;
import io.netauth.core.jdbc.JdbcSettings;
import io.netauth.core.token.JwtTokens;
import io.netauth.core.token.SigningAlgorithm;
import io.netauth.server.AuthServerConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The runner's configuration: defaults, then a properties file, then environment variables, then flags,
 * each later source overriding the earlier. Validated once, when loaded; immutable afterwards.
 */
public final class RunnerConfig {

    private final Map<ConfigKey, String> values;
    private final JdbcSettings jdbc;
    private final AuthServerConfig server;
    private final StandardPasswordHasher hasher;
    private final String issuer;
    private final String audience;
    private final Duration tokenTtl;
    private final SigningAlgorithm signingAlgorithm;
    private final Duration leeway;
    private final boolean sharedThrottle;
    private final Duration keyReloadInterval;
    private final int verifyCacheSize;

    private RunnerConfig(Map<ConfigKey, String> values) {
        this.values = values;
        int cores = Runtime.getRuntime().availableProcessors();
        int poolSize = integer(ConfigKey.DB_POOL_SIZE);
        Duration dbTimeout = duration(ConfigKey.DB_TIMEOUT);
        String url = get(ConfigKey.DB_URL).trim();
        JdbcSettings base = apply(ConfigKey.DB_URL, () -> url.isEmpty()
                ? JdbcSettings.h2File(Path.of(get(ConfigKey.DATA_DIR)))
                : JdbcSettings.of(url, get(ConfigKey.DB_USER), get(ConfigKey.DB_PASSWORD)));
        this.jdbc = apply(ConfigKey.DB_POOL_SIZE, () -> new JdbcSettings(base.url(), base.username(),
                base.password(), poolSize, dbTimeout));
        AuthServerConfig.Builder b = AuthServerConfig.builder();
        apply(ConfigKey.HOST, () -> b.host(get(ConfigKey.HOST).trim()));
        apply(ConfigKey.PORT, () -> b.port(integer(ConfigKey.PORT)));
        apply(ConfigKey.MAX_BODY_SIZE, () -> b.maxContentLength(integer(ConfigKey.MAX_BODY_SIZE)));
        apply(ConfigKey.MAX_HEADER_SIZE, () -> b.maxHeaderSize(integer(ConfigKey.MAX_HEADER_SIZE)));
        apply(ConfigKey.MAX_REQUEST_LINE, () -> b.maxInitialLineLength(integer(ConfigKey.MAX_REQUEST_LINE)));
        apply(ConfigKey.IO_THREADS, () -> b.ioThreads(orCores(integer(ConfigKey.IO_THREADS), cores)));
        apply(ConfigKey.HASHING_THREADS, () -> b.hashingThreads(orCores(integer(ConfigKey.HASHING_THREADS), cores)));
        int hashingQueue = integer(ConfigKey.HASHING_QUEUE);
        if (hashingQueue != 0) {
            apply(ConfigKey.HASHING_QUEUE, () -> b.hashingQueueCapacity(hashingQueue));
        }
        apply(ConfigKey.DB_POOL_SIZE, () -> b.blockingThreads(poolSize));
        apply(ConfigKey.SHUTDOWN_TIMEOUT, () -> b.shutdownTimeout(duration(ConfigKey.SHUTDOWN_TIMEOUT)));
        apply(ConfigKey.REFRESH_IDLE_LIFETIME, () -> b.refreshIdleLifetime(duration(ConfigKey.REFRESH_IDLE_LIFETIME)));
        apply(ConfigKey.REFRESH_ABSOLUTE_LIFETIME,
                () -> b.refreshAbsoluteLifetime(duration(ConfigKey.REFRESH_ABSOLUTE_LIFETIME)));
        apply(ConfigKey.REFRESH_REUSE_GRACE, () -> b.refreshReuseGrace(duration(ConfigKey.REFRESH_REUSE_GRACE)));
        apply(ConfigKey.PURGE_INTERVAL, () -> b.purgeInterval(duration(ConfigKey.PURGE_INTERVAL)));
        apply(ConfigKey.JWKS_MAX_AGE, () -> b.jwksMaxAge(duration(ConfigKey.JWKS_MAX_AGE)));
        apply(ConfigKey.MANAGEMENT_PORT, () -> b.managementPort(integer(ConfigKey.MANAGEMENT_PORT)));
        apply(ConfigKey.MANAGEMENT_HOST, () -> b.managementHost(get(ConfigKey.MANAGEMENT_HOST).trim()));
        String tlsCert = get(ConfigKey.TLS_CERT).trim();
        String tlsKey = get(ConfigKey.TLS_KEY).trim();
        if (tlsCert.isEmpty() != tlsKey.isEmpty()) {
            throw new ConfigException((tlsCert.isEmpty() ? ConfigKey.TLS_CERT : ConfigKey.TLS_KEY).key()
                    + ": empty (expected: tls-cert and tls-key together, or neither)");
        }
        if (!tlsCert.isEmpty()) {
            b.tls(Path.of(tlsCert), Path.of(tlsKey));
        }
        apply(ConfigKey.TLS_RELOAD_INTERVAL, () -> b.tlsReloadInterval(duration(ConfigKey.TLS_RELOAD_INTERVAL)));
        boolean admin = parse(ConfigKey.ADMIN_API, v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(v);
        }, "true or false");
        apply(ConfigKey.ADMIN_ROLE, () -> b.adminApi(admin, get(ConfigKey.ADMIN_ROLE).trim()));
        apply(ConfigKey.MAX_CONNECTIONS, () -> b.maxConnections(integer(ConfigKey.MAX_CONNECTIONS)));
        apply(ConfigKey.IDLE_TIMEOUT, () -> b.idleTimeout(duration(ConfigKey.IDLE_TIMEOUT)));
        apply(ConfigKey.REQUEST_TIMEOUT, () -> b.requestTimeout(duration(ConfigKey.REQUEST_TIMEOUT)));
        apply(ConfigKey.TRUSTED_PROXIES, () -> b.trustedProxies(list(ConfigKey.TRUSTED_PROXIES)));
        Duration baseDelay = duration(ConfigKey.THROTTLE_BASE_DELAY);
        Duration max = duration(ConfigKey.THROTTLE_MAX_DELAY);
        Duration forget = duration(ConfigKey.THROTTLE_FORGET_AFTER);
        apply(ConfigKey.THROTTLE_ACCOUNT_FREE, () -> b.accountThrottle(new LoginThrottle.Policy(
                integer(ConfigKey.THROTTLE_ACCOUNT_FREE), baseDelay, max, forget)));
        apply(ConfigKey.THROTTLE_CLIENT_FREE, () -> b.clientThrottle(new LoginThrottle.Policy(
                integer(ConfigKey.THROTTLE_CLIENT_FREE), baseDelay, max, forget)));
        this.server = apply(ConfigKey.REFRESH_ABSOLUTE_LIFETIME, b::build);
        StandardPasswordHasher argon2id = apply(ConfigKey.ARGON2_MEMORY_KIB, () -> StandardPasswordHasher.argon2id(
                integer(ConfigKey.ARGON2_MEMORY_KIB), integer(ConfigKey.ARGON2_ITERATIONS),
                integer(ConfigKey.ARGON2_PARALLELISM)));
        int bcryptCost = integer(ConfigKey.BCRYPT_COST);
        if (bcryptCost < 10 || bcryptCost > 20) {
            throw new ConfigException(ConfigKey.BCRYPT_COST.key() + ": '" + get(ConfigKey.BCRYPT_COST)
                    + "' (expected: 10 to 20)");
        }
        this.hasher = parse(ConfigKey.PASSWORD_HASH, v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "argon2id" -> argon2id;
            case "bcrypt" -> StandardPasswordHasher.bcrypt(bcryptCost);
            default -> throw new IllegalArgumentException(v);
        }, "argon2id or bcrypt");
        this.issuer = requireText(ConfigKey.ISSUER);
        this.audience = requireText(ConfigKey.AUDIENCE);
        this.tokenTtl = duration(ConfigKey.TOKEN_TTL);
        if (tokenTtl.getSeconds() < 1 || tokenTtl.compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfigException(ConfigKey.TOKEN_TTL.key() + ": '" + get(ConfigKey.TOKEN_TTL)
                    + "' (expected: 1s to 24h)");
        }
        this.signingAlgorithm = parse(ConfigKey.SIGNING_ALG, SigningAlgorithm::parse, "RS256, ES256 or HS256");
        this.leeway = duration(ConfigKey.TOKEN_LEEWAY);
        this.sharedThrottle = parse(ConfigKey.THROTTLE_STORE, v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "memory" -> false;
            case "database" -> true;
            default -> throw new IllegalArgumentException(v);
        }, "memory or database");
        this.keyReloadInterval = duration(ConfigKey.KEY_RELOAD_INTERVAL);
        this.verifyCacheSize = integer(ConfigKey.VERIFY_CACHE_SIZE);
        // Validate the token settings now, with the key names, rather than at start.
        apply(ConfigKey.TOKEN_LEEWAY, () -> JwtTokens.builder().leeway(leeway));
        apply(ConfigKey.KEY_RELOAD_INTERVAL, () -> JwtTokens.builder().keyReloadInterval(keyReloadInterval));
        apply(ConfigKey.VERIFY_CACHE_SIZE, () -> JwtTokens.builder().verificationCacheSize(verifyCacheSize));
    }

    /**
     * Loads the configuration.
     *
     * @param flags values given on the command line
     * @param env   the environment (only {@code AUTH_*} variables that name a key are read)
     * @throws ConfigException naming the key, for an unreadable file, an unknown file key or a bad value
     */
    public static RunnerConfig load(Map<ConfigKey, String> flags, Map<String, String> env) {
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            values.put(key, key.defaultValue());
        }
        String file = flags.getOrDefault(ConfigKey.CONFIG, env.getOrDefault(ConfigKey.CONFIG.env(), ""));
        if (!file.isEmpty()) {
            values.putAll(readFile(Path.of(file)));
        }
        for (ConfigKey key : ConfigKey.values()) {
            String fromEnv = env.get(key.env());
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
        }
        for (String name : env.keySet()) {
            if (name.startsWith("AUTH_") && java.util.Arrays.stream(ConfigKey.values()).noneMatch(k -> k.env()
                    .equals(name))) {
                throw new ConfigException(name + ": unknown variable (expected: one of the AUTH_* variables of the "
                        + "configuration reference)");
            }
        }
        values.putAll(flags);
        return new RunnerConfig(values);
    }

    /** Defaults only; for tests and tools. */
    public static RunnerConfig defaults() {
        return load(Map.of(), Map.of());
    }

    private static Map<ConfigKey, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException(ConfigKey.CONFIG.key() + ": cannot read " + file + " (" + e.getMessage() + ')');
        }
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        for (String name : properties.stringPropertyNames()) {
            ConfigKey key = ConfigKey.byKey(name);
            if (key == null || key == ConfigKey.CONFIG) {
                throw new ConfigException(ConfigKey.CONFIG.key() + ": unknown key '" + name + "' in " + file);
            }
            values.put(key, properties.getProperty(name).trim());
        }
        return values;
    }

    public String get(ConfigKey key) {
        return values.get(key);
    }

    public JdbcSettings jdbcSettings() {
        return jdbc;
    }

    public AuthServerConfig serverConfig() {
        return server;
    }

    /** The password hasher of the configured policy. */
    public StandardPasswordHasher passwordHasher() {
        return hasher;
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    public Duration tokenTtl() {
        return tokenTtl;
    }

    public SigningAlgorithm signingAlgorithm() {
        return signingAlgorithm;
    }

    /** Whether failed logins are counted in the database, shared by every process. */
    public boolean sharedThrottle() {
        return sharedThrottle;
    }

    /** The token settings; {@code build(store)} loads the keys. */
    public JwtTokens.Builder tokensBuilder() {
        JwtTokens.Builder b = JwtTokens.builder()
                .issuer(issuer)
                .audience(audience)
                .accessTokenTtl(tokenTtl)
                .algorithm(signingAlgorithm)
                .leeway(leeway)
                .keyReloadInterval(keyReloadInterval)
                .verificationCacheSize(verifyCacheSize);
        return b;
    }

    private <T> T parse(ConfigKey key, Function<String, T> parser, String expected) {
        String raw = get(key);
        try {
            return parser.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(key.key() + ": '" + raw + "' (expected: " + expected + ')');
        }
    }

    private String requireText(ConfigKey key) {
        String value = get(key).trim();
        if (value.isEmpty()) {
            throw new ConfigException(key.key() + ": empty (expected: non-empty text)");
        }
        return value;
    }

    private static int orCores(int value, int cores) {
        return value == 0 ? cores : value;
    }

    private int integer(ConfigKey key) {
        return parse(key, Integer::parseInt, "a whole number");
    }

    private java.util.List<String> list(ConfigKey key) {
        String raw = get(key).trim();
        return raw.isEmpty() ? java.util.List.of()
                : java.util.Arrays.stream(raw.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private Duration duration(ConfigKey key) {
        return parse(key, Durations::parse, "a duration such as 500ms, 10s, 15m or 1h");
    }

    /** Runs a validating step; its complaint becomes one that names the runner's key and the raw value. */
    private <T> T apply(ConfigKey key, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key.key() + ": '" + get(key) + "' (" + e.getMessage() + ')');
        }
    }
}
