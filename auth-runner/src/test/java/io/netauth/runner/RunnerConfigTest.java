package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.token.SigningAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerConfigTest {

    @Test
    void defaultsServeH2InTheDataDirectoryOn8080() {
        RunnerConfig config = RunnerConfig.defaults();
        assertEquals(8080, config.serverConfig().port());
        assertEquals("0.0.0.0", config.serverConfig().host());
        assertTrue(config.jdbcSettings().url().startsWith("jdbc:h2:file:"), config.jdbcSettings().url());
        assertTrue(config.jdbcSettings().url().endsWith("/data/netauth;AUTO_SERVER=TRUE"));
        assertEquals(Duration.ofMinutes(15), config.tokenTtl());
        assertEquals(SigningAlgorithm.RS256, config.signingAlgorithm());
        assertEquals("argon2id(m=19456,t=2,p=1)", config.passwordHasher().toString());
        assertEquals(8192, config.serverConfig().maxContentLength());
        assertEquals(10, config.serverConfig().blockingThreads());
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("auth.properties");
        Files.writeString(file, "port=9001\nissuer=from-file\naudience=from-file\ntoken-ttl=5m\n");
        Map<String, String> env = Map.of("AUTH_CONFIG", file.toString(), "AUTH_ISSUER", "from-env",
                "AUTH_AUDIENCE", "from-env");
        RunnerConfig config = RunnerConfig.load(Map.of(ConfigKey.AUDIENCE, "from-flag"), env);
        assertEquals(9001, config.serverConfig().port());
        assertEquals(Duration.ofMinutes(5), config.tokenTtl());
        assertEquals("from-env", config.issuer());
        assertEquals("from-flag", config.audience());
    }

    @Test
    void postgresUrlReplacesTheH2Default() {
        RunnerConfig config = RunnerConfig.load(Map.of(ConfigKey.DB_URL, "jdbc:postgresql://127.0.0.1:5432/test",
                ConfigKey.DB_USER, "postgres", ConfigKey.DB_POOL_SIZE, "4"), Map.of());
        assertEquals("PostgreSQL", config.jdbcSettings().product());
        assertEquals(4, config.jdbcSettings().maxPoolSize());
        assertEquals(4, config.serverConfig().blockingThreads(), "one JDBC thread per connection");
    }

    @Test
    void unknownFileKeysStopTheStart(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("auth.properties");
        Files.writeString(file, "prot=9001\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> RunnerConfig.load(Map.of(ConfigKey.CONFIG, file.toString()), Map.of()));
        assertTrue(e.getMessage().contains("unknown key 'prot'"), e.getMessage());
    }

    @Test
    void badValuesNameTheirKey() {
        assertEquals("port: 'eighty' (expected: a whole number)", assertThrows(ConfigException.class,
                () -> RunnerConfig.load(Map.of(ConfigKey.PORT, "eighty"), Map.of())).getMessage());
        assertTrue(assertThrows(ConfigException.class,
                () -> RunnerConfig.load(Map.of(ConfigKey.PORT, "70000"), Map.of())).getMessage()
                .startsWith("port: '70000' (port: 70000 (expected: 0..65535))"));
        assertEquals("token-ttl: '2d' (expected: 1s to 24h)", assertThrows(ConfigException.class,
                () -> RunnerConfig.load(Map.of(ConfigKey.TOKEN_TTL, "2d"), Map.of())).getMessage());
        assertTrue(assertThrows(ConfigException.class,
                () -> RunnerConfig.load(Map.of(ConfigKey.SIGNING_ALG, "none"), Map.of())).getMessage()
                .startsWith("signing-alg: 'none'"));
        assertTrue(assertThrows(ConfigException.class,
                () -> RunnerConfig.load(Map.of(ConfigKey.DB_URL, "postgres://x"), Map.of())).getMessage()
                .startsWith("db-url: 'postgres://x'"));
        assertTrue(assertThrows(ConfigException.class,
                () -> RunnerConfig.load(Map.of(ConfigKey.ARGON2_ITERATIONS, "0"), Map.of())).getMessage()
                .contains("argon2 iterations: 0"));
        assertEquals("password-hash: 'md5' (expected: argon2id or bcrypt)", assertThrows(ConfigException.class,
                () -> RunnerConfig.load(Map.of(ConfigKey.PASSWORD_HASH, "md5"), Map.of())).getMessage());
        assertEquals("bcrypt-cost: '8' (expected: 10 to 20)", assertThrows(ConfigException.class,
                () -> RunnerConfig.load(Map.of(ConfigKey.BCRYPT_COST, "8"), Map.of())).getMessage());
    }

    @Test
    void bcryptCanBeTheHashOfNewPasswords() {
        RunnerConfig config = RunnerConfig.load(Map.of(ConfigKey.PASSWORD_HASH, "bcrypt"), Map.of());
        assertEquals("bcrypt(cost=10)", config.passwordHasher().toString());
        String hash = config.passwordHasher().hash("pw");
        assertTrue(hash.startsWith("$2b$10$"), hash);
        assertTrue(config.passwordHasher().needsRehash("$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$"
                + "CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"));
        assertEquals("bcrypt(cost=12)", RunnerConfig.load(Map.of(ConfigKey.PASSWORD_HASH, "BCRYPT",
                ConfigKey.BCRYPT_COST, "12"), Map.of()).passwordHasher().toString());
    }

    @Test
    void abuseSettingsReachTheServer() {
        RunnerConfig config = RunnerConfig.load(Map.of(ConfigKey.TRUSTED_PROXIES, "10.0.0.0/8, ::1",
                ConfigKey.THROTTLE_ACCOUNT_FREE, "3", ConfigKey.MAX_CONNECTIONS, "50"), Map.of());
        assertEquals(java.util.List.of("10.0.0.0/8", "::1"), config.serverConfig().trustedProxies());
        assertEquals(3, config.serverConfig().accountThrottle().freeFailures());
        assertEquals(20, config.serverConfig().clientThrottle().freeFailures());
        assertEquals(50, config.serverConfig().maxConnections());
        assertTrue(assertThrows(ConfigException.class,
                () -> RunnerConfig.load(Map.of(ConfigKey.TRUSTED_PROXIES, "not-an-ip"), Map.of())).getMessage()
                .startsWith("trusted-proxies: 'not-an-ip'"));
        assertTrue(!config.sharedThrottle());
        assertTrue(RunnerConfig.load(Map.of(ConfigKey.THROTTLE_STORE, "database"), Map.of()).sharedThrottle());
        assertEquals("throttle-store: 'redis' (expected: memory or database)", assertThrows(ConfigException.class,
                () -> RunnerConfig.load(Map.of(ConfigKey.THROTTLE_STORE, "redis"), Map.of())).getMessage());
    }

    @Test
    void unknownVariablesStopTheStartAndTheAdminApiIsOffByDefault() {
        assertEquals("AUTH_PROT: unknown variable (expected: one of the AUTH_* variables of the configuration "
                + "reference)", assertThrows(ConfigException.class,
                        () -> RunnerConfig.load(Map.of(), Map.of("AUTH_PROT", "9000"))).getMessage());
        assertTrue(!RunnerConfig.defaults().serverConfig().adminApi());
        RunnerConfig admin = RunnerConfig.load(Map.of(ConfigKey.ADMIN_API, "true", ConfigKey.ADMIN_ROLE, "ops"),
                Map.of());
        assertTrue(admin.serverConfig().adminApi());
        assertEquals("ops", admin.serverConfig().adminRole());
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(90), Durations.parse("90s"));
        assertEquals(Duration.ofMinutes(15), Durations.parse("15m"));
        assertEquals(Duration.ofHours(2), Durations.parse("2h"));
        assertEquals(Duration.ofMinutes(15), Durations.parse("PT15M"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("15 minutes"));
    }
}
