package io.netauth.runner;

import io.netauth.core.StandardPasswordHasher;
import io.netauth.core.config.Setting;
import io.netauth.core.config.Settings;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.jdbc.JdbcSettings;
import io.netauth.core.secret.SecretKeyException;
import io.netauth.core.internal.PrivateFiles;
import io.netauth.core.secret.SecretKeys;
import io.netauth.core.token.JwtTokens;
import io.netauth.server.AuthServerConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * The runner's configuration: defaults, then a properties file, then environment variables, then flags,
 * each later source overriding the earlier. Each value is read and checked by its setting's declaration, and
 * the objects built from them are built once, here, so that a bad value stops the start naming its key.
 * Immutable afterwards.
 */
final class RunnerConfig {

    private final Settings settings;
    private final JdbcSettings jdbc;
    private final AuthServerConfig server;
    private final StandardPasswordHasher hasher;

    private RunnerConfig(Settings settings) {
        this.settings = settings;
        // The embedded default's settings are made when first asked for: making them makes the data directory and
        // its password file, which --version or config-template must not.
        this.jdbc = settings.get(CoreSettings.DB_URL).isEmpty() ? null : JdbcSettings.from(settings);
        this.server = AuthServerConfig.builder().settings(settings).build();
        this.hasher = StandardPasswordHasher.from(settings);
    }

    /**
     * Loads the configuration.
     *
     * @param flags values given on the command line
     * @param env   the environment (only {@code AUTH_*} variables are read, and each must name a setting)
     * @throws ConfigException for an unreadable file, an unknown file key or an unknown variable
     * @throws io.netauth.core.config.InvalidSettingException naming the key, for a bad value
     */
    public static RunnerConfig load(Map<Setting<?>, String> flags, Map<String, String> env) {
        Map<Setting<?>, String> given = new LinkedHashMap<>();
        String file = flags.getOrDefault(RunnerSettings.CONFIG, env.getOrDefault(RunnerSettings.CONFIG.variable(), ""));
        if (!file.isBlank()) {
            given.putAll(readFile(Path.of(file.trim())));
        }
        for (Map.Entry<String, String> variable : env.entrySet()) {
            if (!variable.getKey().startsWith("AUTH_")) {
                continue;
            }
            Setting<?> setting = RunnerSettings.all().stream().filter(s -> s.variable().equals(variable.getKey()))
                    .findFirst().orElseThrow(() -> new ConfigException(variable.getKey() + ": unknown variable "
                            + "(expected: one of the AUTH_* variables of the configuration reference)"));
            given.put(setting, variable.getValue());
        }
        given.putAll(flags);
        warnOfSecretsOnTheCommandLine(flags);
        Settings.Builder values = Settings.builder();
        given.forEach(values::parse);
        return new RunnerConfig(values.build());
    }

    /**
     * A secret given as a flag is in the process list, which every user of the machine can read ({@code ps}):
     * the start goes on, with a warning that names the variable to use instead.
     */
    private static void warnOfSecretsOnTheCommandLine(Map<Setting<?>, String> flags) {
        for (Map.Entry<Setting<?>, String> flag : flags.entrySet()) {
            Setting<?> setting = flag.getKey();
            boolean secret = setting == CoreSettings.DB_PASSWORD || setting == CoreSettings.AUDIT_KEY
                    || setting == io.netauth.server.ServerSettings.METRICS_TOKEN
                    || setting == RunnerSettings.SECRETS_KEYS && SecretKeys.looksLikeKeys(flag.getValue().strip());
            if (secret && !flag.getValue().isBlank()) {
                LoggerFactory.getLogger(RunnerConfig.class).warn("--{} was given on the command line, where every "
                        + "user of this machine can read it in the process list: set {} or put it in the "
                        + "configuration file (mode 0600) instead", setting.key(), setting.variable());
            }
        }
    }

    /** Defaults only; for tests and tools. */
    public static RunnerConfig defaults() {
        return load(Map.of(), Map.of());
    }

    private static Map<Setting<?>, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException(RunnerSettings.CONFIG.key() + ": cannot read " + file + " (" + e.getMessage()
                    + ')');
        }
        Map<Setting<?>, String> values = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            Setting<?> setting = RunnerSettings.byKey(name);
            if (setting == null || setting == RunnerSettings.CONFIG) {
                throw new ConfigException(RunnerSettings.CONFIG.key() + ": unknown key '" + name + "' in " + file);
            }
            values.put(setting, properties.getProperty(name));
        }
        return values;
    }

    /** The value of any setting. */
    public <T> T get(Setting<T> setting) {
        return settings.get(setting);
    }

    /** The database's settings; for the embedded default, makes the data directory and its password file. */
    public JdbcSettings jdbcSettings() {
        return jdbc != null ? jdbc : JdbcSettings.from(settings);
    }

    public AuthServerConfig serverConfig() {
        return server;
    }

    /** The password hasher of the configured policy. */
    public StandardPasswordHasher passwordHasher() {
        return hasher;
    }

    /** Whether failed logins are counted in the database, shared by every process. */
    public boolean sharedThrottle() {
        return get(RunnerSettings.THROTTLE_STORE).equals("database");
    }

    /** Whether {@code log-format} asks for one JSON object per line. */
    boolean jsonLogs() {
        return get(RunnerSettings.LOG_FORMAT).equals("json");
    }

    /**
     * Whether this start will likely make the database: the embedded default whose file is not there yet. Then
     * the first signing key is worth making while the schema is created.
     */
    boolean firstStartLikely() {
        return get(CoreSettings.DB_URL).isEmpty()
                && !JdbcSettings.h2FileExists(Path.of(get(CoreSettings.DATA_DIR)));
    }

    /** The token settings; {@code build(store)} loads the keys. */
    public JwtTokens.Builder tokensBuilder() {
        return JwtTokens.builder().settings(settings);
    }

    /**
     * The key-encryption keys: from {@code secrets-keys} (the keys themselves, or a file of them); without it,
     * on the embedded H2 default, {@code data-dir/secrets.key}, made with mode 0600 at the first start.
     *
     * @throws ConfigException on another database without keys, or for a file that cannot be read or made
     */
    public SecretKeys secretKeys() {
        String given = get(RunnerSettings.SECRETS_KEYS).strip();
        if (!given.isEmpty()) {
            if (SecretKeys.looksLikeKeys(given)) {
                return SecretKeys.parse(given);
            }
            return readKeys(Path.of(given));
        }
        if (!get(CoreSettings.DB_URL).isEmpty()) {
            throw new ConfigException("secrets-keys: no key-encryption key is configured, and the database is not "
                    + "the embedded default, so none is made. Make one with `keys generate-secrets-key > "
                    + "/etc/netauth/secrets.key` (readable only by the server's user: chmod 600), and set "
                    + "secrets-keys=/etc/netauth/secrets.key, or AUTH_SECRETS_KEYS to the key itself; give every "
                    + "process on the database the same keys.");
        }
        Path file = Path.of(get(CoreSettings.DATA_DIR)).resolve("secrets.key");
        if (Files.exists(file)) {
            return readKeys(file);
        }
        return makeKeyFile(file);
    }

    private SecretKeys readKeys(Path file) {
        String problem = get(CoreSettings.SECRET_FILES_READABLE) ? null
                : PrivateFiles.problem(file, RunnerSettings.SECRETS_KEYS.key());
        if (problem != null) {
            throw new ConfigException(problem);
        }
        try {
            return SecretKeys.parse(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new ConfigException("secrets-keys: cannot read " + file + ": " + e.getMessage());
        } catch (SecretKeyException e) {
            throw new ConfigException("secrets-keys: " + file + ": " + e.getMessage());
        }
    }

    private SecretKeys makeKeyFile(Path file) {
        String key = SecretKeys.generateKey();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path made;
            try {
                made = Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                // A file system without POSIX permissions (Windows): the file gets its directory's access rules.
                made = Files.createFile(file);
                LoggerFactory.getLogger(RunnerConfig.class).warn("{} could not be limited to its owner (no POSIX "
                        + "permissions here): restrict who can read it", file);
            }
            Files.writeString(made, "# netauth key-encryption keys: the first seals, every one opens. Keep a copy "
                    + "apart from the database's backups.\n" + key + "\n", StandardCharsets.US_ASCII);
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            return readKeys(file); // another process of the same data-dir made it first
        } catch (IOException e) {
            throw new ConfigException("secrets-keys: cannot make " + file + ": " + e.getMessage());
        }
        LoggerFactory.getLogger(RunnerConfig.class).info("Made the key-encryption key file {} (mode 0600): it seals "
                + "the signing keys in the database; keep a copy apart from the database's backups", file);
        return SecretKeys.parse(key);
    }

    /** Opens the database with the key-encryption keys, which seal and check every stored secret. */
    public AuthDatabase openSealedDatabase() {
        JdbcSettings database = jdbcSettings(); // first: the embedded default makes its directory owner-only
        SecretKeys keys = secretKeys();
        try {
            return AuthDatabase.open(database, keys);
        } catch (SecretKeyException e) {
            throw new ConfigException("secrets-keys: " + e.getMessage() + ". Configure the key the secrets were "
                    + "sealed with (keys " + keys.keyIds() + " are configured).");
        }
    }

    /** Every value, for the core's builders. */
    public Settings settings() {
        return settings;
    }
}
