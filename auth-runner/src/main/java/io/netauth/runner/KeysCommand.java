package io.netauth.runner;

import io.netauth.core.Change;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.secret.SecretKeys;
import io.netauth.core.token.JwtTokens;
import io.netauth.core.token.SigningKey;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code keys list|rotate}: the signing keys in the configured database. Rotation is recorded in the change
 * feed and takes effect in every running server within {@code revocation-sync-interval}, without a restart.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Lists and rotates signing keys.")
final class KeysCommand {

    private final ConfigOptions options;
    private final Map<String, String> env;
    private final PrintWriter out;

    KeysCommand(ConfigOptions options, Map<String, String> env, PrintWriter out) {
        this.options = options;
        this.env = env;
        this.out = out;
    }

    @Command(name = "list", description = "Lists every key: kid, algorithm, created, and whether it signs, "
            + "verifies until a time, or is retired.")
    int list() {
        RunnerConfig config = config();
        try (AuthDatabase database = config.openSealedDatabase()) {
            Instant now = Instant.now();
            String active = JwtTokens.builder().algorithm(config.get(CoreSettings.SIGNING_ALG))
                    .build(database.signingKeyStore()).activeKey().kid();
            out.printf("%-18s %-6s %-24s %s%n", "KID", "ALG", "CREATED", "STATUS");
            for (SigningKey key : database.signingKeyStore().findAll()) {
                String status = key.kid().equals(active) ? "active (signs)"
                        : key.retireAt() == null ? "unused (other algorithm)"
                        : key.verifiesAt(now) ? "verifies until " + key.retireAt() : "retired " + key.retireAt();
                out.printf("%-18s %-6s %-24s %s%n", key.kid(), key.algorithm(), key.createdAt(), status);
            }
            return 0;
        }
    }

    @Command(name = "rotate", description = "Makes a new active key for the configured algorithm; the old one "
            + "keeps verifying until every token it signed has expired.")
    int rotate() {
        RunnerConfig config = config();
        try (AuthDatabase database = config.openSealedDatabase()) {
            JwtTokens tokens = config.tokensBuilder().build(database.signingKeyStore());
            String previous = tokens.activeKey().kid();
            SigningKey fresh = tokens.rotateKey();
            // Tell every running server now, instead of at its next key-reload-interval.
            Instant now = Instant.now();
            database.changeStore().append(new Change(Change.KEY_ROTATED, fresh.kid(), now,
                    now.plus(java.time.Duration.ofHours(1))));
            out.println("rotated " + config.get(CoreSettings.SIGNING_ALG) + ": new key " + fresh.kid() + " signs within "
                    + CoreSettings.REVOCATION_SYNC_INTERVAL.format(config.get(CoreSettings.REVOCATION_SYNC_INTERVAL))
                    + " on every server; key " + previous + " verifies until "
                    + database.signingKeyStore().findByAlgorithm(config.get(CoreSettings.SIGNING_ALG)).stream()
                            .filter(k -> k.kid().equals(previous)).findFirst().map(SigningKey::retireAt)
                            .orElseThrow());
            return 0;
        }
    }

    @Command(name = "rewrap", description = "Seals every stored secret again under the first key of secrets-keys, "
            + "in one transaction; afterwards the other keys can be dropped.")
    int rewrap() {
        RunnerConfig config = config();
        try (AuthDatabase database = config.openSealedDatabase()) {
            SecretKeys keys = config.secretKeys();
            int rewritten = database.rewrapSecrets();
            out.println("rewrapped " + rewritten + " secrets under key " + keys.currentKeyId()
                    + (keys.keyIds().size() > 1 ? "; keys " + keys.keyIds().subList(1, keys.keyIds().size())
                            + " can now be dropped from secrets-keys" : ""));
            return 0;
        }
    }

    @Command(name = "generate-secrets-key", description = "Prints a new key-encryption key (256 random bits, "
            + "base64), for secrets-keys. Put it first to seal with it, keep the old key after it until "
            + "keys rewrap has run.")
    int generateSecretsKey() {
        out.println(SecretKeys.generateKey());
        return 0;
    }

    private RunnerConfig config() {
        return RunnerConfig.load(options.given(), env);
    }
}
