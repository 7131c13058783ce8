package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.InvalidSettingException;
import io.netauth.core.config.Setting;
import io.netauth.core.token.SigningAlgorithm;
import io.netauth.server.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerConfigTest {

    @Test
    void theEmbeddedDefaultIsH2InTheDataDirectoryWithoutATraceFile(@TempDir Path dir) {
        RunnerConfig config = RunnerConfig.load(Map.of(CoreSettings.DATA_DIR, dir.resolve("data").toString()), Map.of());
        String url = config.jdbcSettings().url();
        assertEquals("jdbc:h2:file:" + dir.resolve("data").toAbsolutePath().resolve("netauth")
                + ";AUTO_SERVER=TRUE;WRITE_DELAY=0;TRACE_LEVEL_FILE=0", url);
        assertEquals(43, config.jdbcSettings().password().length(), "the installation's random password");
    }

    @Test
    void defaultsServeH2InTheDataDirectoryOn8080() {
        RunnerConfig config = RunnerConfig.defaults();
        assertEquals(8080, config.serverConfig().port());
        assertEquals("0.0.0.0", config.serverConfig().host());
        assertEquals("", config.get(CoreSettings.DB_URL));
        assertEquals("./data", config.get(CoreSettings.DATA_DIR));
        assertEquals(Duration.ofMinutes(15), config.get(CoreSettings.TOKEN_TTL));
        assertEquals(SigningAlgorithm.RS256, config.get(CoreSettings.SIGNING_ALG));
        assertEquals("argon2id(m=19456,t=2,p=1)", config.passwordHasher().toString());
        assertEquals(8192, config.serverConfig().maxContentLength());
        assertEquals(10, config.serverConfig().blockingThreads());
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("auth.properties");
        Files.writeString(file, "port=9001\nissuer=https://from-file.example\naudience=from-file\ntoken-ttl=5m\n");
        Map<String, String> env = Map.of("AUTH_CONFIG", file.toString(), "AUTH_ISSUER", "https://from-env.example",
                "AUTH_AUDIENCE", "from-env");
        RunnerConfig config = RunnerConfig.load(Map.of(CoreSettings.AUDIENCE, "from-flag"), env);
        assertEquals(9001, config.serverConfig().port());
        assertEquals(Duration.ofMinutes(5), config.get(CoreSettings.TOKEN_TTL));
        assertEquals("https://from-env.example", config.get(CoreSettings.ISSUER));
        assertEquals("from-flag", config.get(CoreSettings.AUDIENCE));
    }

    @Test
    void postgresUrlReplacesTheH2Default() {
        RunnerConfig config = RunnerConfig.load(Map.of(CoreSettings.DB_URL, "jdbc:postgresql://127.0.0.1:5432/test",
                CoreSettings.DB_USER, "postgres", CoreSettings.DB_POOL_SIZE, "4"), Map.of());
        assertEquals("PostgreSQL", config.jdbcSettings().product());
        assertEquals(4, config.jdbcSettings().maxPoolSize());
        assertEquals(4, config.serverConfig().blockingThreads(), "one JDBC thread per connection");
    }

    @Test
    void unknownFileKeysStopTheStart(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("auth.properties");
        Files.writeString(file, "prot=9001\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> RunnerConfig.load(Map.of(RunnerSettings.CONFIG, file.toString()), Map.of()));
        assertTrue(e.getMessage().contains("unknown key 'prot'"), e.getMessage());
    }

    @Test
    void badValuesNameTheirKey() {
        assertEquals("port: 'eighty' (expected: a whole number from 0 to 65535)", refusal(ServerSettings.PORT, "eighty"));
        assertEquals("port: '70000' (expected: a whole number from 0 to 65535)", refusal(ServerSettings.PORT, "70000"));
        assertEquals("token-ttl: '2d' (expected: 1s to 1d)", refusal(CoreSettings.TOKEN_TTL, "2d"));
        assertTrue(refusal(CoreSettings.SIGNING_ALG, "none").startsWith("signing-alg: 'none'"));
        assertTrue(refusal(CoreSettings.DB_URL, "postgres://x").startsWith("db-url: 'postgres://x'"));
        assertEquals("argon2-iterations: '0' (expected: a whole number from 1 to 64)",
                refusal(CoreSettings.ARGON2_ITERATIONS, "0"));
        assertEquals("password-hash: 'md5' (expected: argon2id or bcrypt)", refusal(CoreSettings.PASSWORD_HASH, "md5"));
        assertEquals("bcrypt-cost: '8' (expected: a whole number from 10 to 20)", refusal(CoreSettings.BCRYPT_COST, "8"));
    }

    @Test
    void aContradictionIsBlamedOnTheKeyToChange() {
        // The account throttle's own delay is wrong; the client's settings, applied after it, are fine.
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> RunnerConfig.load(Map.of(
                CoreSettings.THROTTLE_ACCOUNT_BASE_DELAY, "30s", CoreSettings.THROTTLE_ACCOUNT_MAX_DELAY, "10s",
                CoreSettings.THROTTLE_CLIENT_FREE, "50"), Map.of()));
        assertEquals("throttle-account-max-delay: '10s' (expected: at least throttle-account-base-delay (30s))",
                e.getMessage());
        assertEquals("tls-key", assertThrows(InvalidSettingException.class, () -> RunnerConfig.load(
                Map.of(ServerSettings.TLS_CERT, "/etc/chain.pem"), Map.of())).key());
        assertEquals("refresh-absolute-lifetime", assertThrows(InvalidSettingException.class,
                () -> RunnerConfig.load(Map.of(CoreSettings.REFRESH_ABSOLUTE_LIFETIME, "1d"), Map.of())).key());
    }

    @Test
    void eachThrottleKeepsItsOwnDelays() {
        RunnerConfig config = RunnerConfig.load(Map.of(CoreSettings.THROTTLE_ACCOUNT_BASE_DELAY, "5s",
                CoreSettings.THROTTLE_CLIENT_BASE_DELAY, "1s"), Map.of());
        assertEquals(Duration.ofSeconds(5), config.serverConfig().get(CoreSettings.THROTTLE_ACCOUNT_BASE_DELAY));
        assertEquals(Duration.ofSeconds(1), config.serverConfig().get(CoreSettings.THROTTLE_CLIENT_BASE_DELAY));
    }

    private static String refusal(Setting<?> setting, String value) {
        return assertThrows(InvalidSettingException.class, () -> RunnerConfig.load(Map.of(setting, value), Map.of()))
                .getMessage();
    }

    @Test
    void bcryptCanBeTheHashOfNewPasswords() {
        RunnerConfig config = RunnerConfig.load(Map.of(CoreSettings.PASSWORD_HASH, "bcrypt"), Map.of());
        assertEquals("bcrypt(cost=10)", config.passwordHasher().toString());
        String hash = config.passwordHasher().hash("pw");
        assertTrue(hash.startsWith("$2b$10$"), hash);
        assertTrue(config.passwordHasher().needsRehash("$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$"
                + "CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"));
        assertEquals("bcrypt(cost=12)", RunnerConfig.load(Map.of(CoreSettings.PASSWORD_HASH, "BCRYPT",
                CoreSettings.BCRYPT_COST, "12"), Map.of()).passwordHasher().toString());
    }

    @Test
    void abuseSettingsReachTheServer() {
        RunnerConfig config = RunnerConfig.load(Map.of(ServerSettings.TRUSTED_PROXIES, "10.0.0.0/8, ::1",
                CoreSettings.THROTTLE_ACCOUNT_FREE, "3", ServerSettings.MAX_CONNECTIONS, "50"), Map.of());
        assertEquals(java.util.List.of("10.0.0.0/8", "::1"), config.serverConfig().trustedProxies());
        assertEquals(3, config.serverConfig().get(CoreSettings.THROTTLE_ACCOUNT_FREE));
        assertEquals(20, config.serverConfig().get(CoreSettings.THROTTLE_CLIENT_FREE));
        assertEquals(50, config.serverConfig().maxConnections());
        assertTrue(refusal(ServerSettings.TRUSTED_PROXIES, "10.0.0.1, not-an-ip")
                .startsWith("trusted-proxies: '10.0.0.1, not-an-ip'"));
        assertTrue(!config.sharedThrottle());
        assertTrue(RunnerConfig.load(Map.of(RunnerSettings.THROTTLE_STORE, "database"), Map.of()).sharedThrottle());
        assertEquals("throttle-store: 'redis' (expected: memory or database)",
                refusal(RunnerSettings.THROTTLE_STORE, "redis"));
    }

    @Test
    void unknownVariablesStopTheStartAndTheAdminApiIsOffByDefault() {
        assertEquals("AUTH_PROT: unknown variable (expected: one of the AUTH_* variables of the configuration "
                + "reference)", assertThrows(ConfigException.class,
                        () -> RunnerConfig.load(Map.of(), Map.of("AUTH_PROT", "9000"))).getMessage());
        assertTrue(!RunnerConfig.defaults().serverConfig().adminApi());
        RunnerConfig admin = RunnerConfig.load(Map.of(ServerSettings.ADMIN_API, "true", ServerSettings.ADMIN_ROLE, "ops"),
                Map.of());
        assertTrue(admin.serverConfig().adminApi());
        assertEquals("ops", admin.serverConfig().adminRole());
    }
}
