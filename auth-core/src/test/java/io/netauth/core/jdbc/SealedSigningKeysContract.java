package io.netauth.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.VerifiedToken;
import io.netauth.core.UserAccount;
import io.netauth.core.secret.SecretKeyException;
import io.netauth.core.secret.SecretKeys;
import io.netauth.core.testing.OpenedDatabase;
import io.netauth.core.testing.PerTestDatabase;
import io.netauth.core.token.JwtTokens;
import io.netauth.core.token.SigningAlgorithm;
import io.netauth.core.token.SigningKey;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Signing keys sealed at rest: what the raw table holds, legacy rows, and the rotate-rewrap-drop cycle. */
abstract class SealedSigningKeysContract {

    @RegisterExtension
    final PerTestDatabase opened = new PerTestDatabase(this::openDatabase);

    abstract OpenedDatabase openDatabase();

    private List<String> rawPrivateKeys() throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = opened.database().dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT private_key FROM auth_signing_keys")) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }

    private JdbcSigningKeyStore store(SecretKeys keys) {
        return new JdbcSigningKeyStore(opened.database().dataSource(), keys);
    }

    /** {@code keys rewrap}: every secret sealed again under the first key, in one transaction. */
    private int rewrap(SecretKeys keys) {
        try (AuthDatabase database = AuthDatabase.open(opened.database().settings(), keys)) {
            return database.rewrapSecrets();
        }
    }

    @Test
    void theRawTableHoldsNoKeyMaterial() throws Exception {
        SecretKeys keys = SecretKeys.parse(SecretKeys.generateKey());
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            JwtTokens.builder().algorithm(algorithm).build(store(keys));
        }
        List<String> raw = rawPrivateKeys();
        assertEquals(SigningAlgorithm.values().length, raw.size());
        List<SigningKey> opened = store(keys).findAll();
        assertEquals(raw.size(), opened.size());
        for (String value : raw) {
            assertTrue(value.startsWith("v1:" + keys.currentKeyId() + ":"), value.substring(0, 12));
            for (SigningKey key : opened) {
                // Not the key in any spelling a store might use: the row holds ciphertext only.
                byte[] secret = key.privateKey();
                for (String spelling : List.of(Base64.getEncoder().withoutPadding().encodeToString(secret),
                        Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                        HexFormat.of().formatHex(secret), new String(secret, StandardCharsets.ISO_8859_1))) {
                    assertFalse(value.contains(spelling), key.algorithm() + "'s private key is in a row");
                }
            }
        }
        // The unsealed store cannot use them, and says why.
        SecretKeyException e = assertThrows(SecretKeyException.class, () -> store(null).findAll());
        assertTrue(e.getMessage().contains("secrets-keys"), e.getMessage());
    }

    @Test
    void plainTextKeysOfAnEarlierVersionAreSealedAtTheFirstStartWithAKey() throws Exception {
        JwtTokens before = JwtTokens.builder().build(store(null));
        String token = before.signer().issue(new UserAccount("u1", "ann", List.of(), true)).value();
        assertFalse(SecretKeys.isSealed(rawPrivateKeys().get(0)), "the earlier version's plain text");
        SecretKeys keys = SecretKeys.parse(SecretKeys.generateKey());
        assertEquals(1, store(keys).sealPlaintext());
        assertTrue(SecretKeys.isSealed(rawPrivateKeys().get(0)));
        VerifiedToken verified = JwtTokens.builder().build(store(keys)).tokenVerifier().verify(token);
        assertEquals("u1", verified.subject(), "tokens signed before the sealing still verify");
        assertEquals(0, store(keys).sealPlaintext(), "once is enough");
    }

    @Test
    void rotateRewrapDropTheOldKeyAndEveryTokenStillVerifies() throws Exception {
        String oldKey = SecretKeys.generateKey();
        String newKey = SecretKeys.generateKey();
        JwtTokens underOld = JwtTokens.builder().build(store(SecretKeys.parse(oldKey)));
        String token = underOld.signer().issue(new UserAccount("u2", "bob", List.of(), true)).value();

        SecretKeys both = SecretKeys.parse(newKey + "\n" + oldKey);
        assertEquals(1, rewrap(both), "one key, sealed again under the new key");
        assertEquals(0, rewrap(both));
        SecretKeys newOnly = SecretKeys.parse(newKey);
        assertTrue(rawPrivateKeys().get(0).startsWith("v1:" + newOnly.currentKeyId() + ":"));
        // The old key dropped: everything opens with the new one, and old tokens verify.
        assertEquals("u2", JwtTokens.builder().build(store(newOnly)).tokenVerifier().verify(token).subject());
        // The old key alone no longer opens anything, and says which key it needs.
        SecretKeyException e = assertThrows(SecretKeyException.class, () -> store(SecretKeys.parse(oldKey)).findAll());
        assertTrue(e.getMessage().contains(newOnly.currentKeyId()), e.getMessage());
    }

    @Test
    void totpSecretsAreSealedBoundToTheirRowAndSurviveTheRewrapCycle() throws Exception {
        String oldKey = SecretKeys.generateKey();
        String newKey = SecretKeys.generateKey();
        java.util.List<String> ids = new ArrayList<>();
        for (String name : List.of("tia", "uma")) {
            ids.add(opened.database().userDirectory().createUser(name, "$argon2id$unused", List.of()).id());
        }
        byte[] tiaSecret = "tia-secret-20-bytes!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] umaSecret = "uma-secret-20-bytes!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        JdbcMfaStore underOld = new JdbcMfaStore(opened.database().dataSource(), SecretKeys.parse(oldKey));
        underOld.savePendingTotp(ids.get(0), tiaSecret, java.time.Instant.now());
        underOld.savePendingTotp(ids.get(1), umaSecret, java.time.Instant.now());
        List<String> raw = rawTotpSecrets();
        for (String value : raw) {
            assertTrue(value.startsWith("v1:" + SecretKeys.parse(oldKey).currentKeyId() + ":"), value);
            assertFalse(value.contains(java.util.Base64.getEncoder().encodeToString(tiaSecret).substring(0, 12)));
        }
        // Copying uma's ciphertext into tia's row does not give tia uma's secret: each is bound to its user.
        String tiaSealed = rawTotpSecret(ids.get(0));
        setRawTotpSecret(ids.get(0), rawTotpSecret(ids.get(1)));
        assertThrows(SecretKeyException.class, () -> underOld.findTotp(ids.get(0)));
        setRawTotpSecret(ids.get(0), tiaSealed);

        assertEquals(2, rewrap(SecretKeys.parse(newKey + "\n" + oldKey)), "two TOTP secrets, no signing key yet");
        JdbcMfaStore underNew = new JdbcMfaStore(opened.database().dataSource(), SecretKeys.parse(newKey));
        org.junit.jupiter.api.Assertions.assertArrayEquals(tiaSecret, underNew.findTotp(ids.get(0)).orElseThrow()
                .secret());
        org.junit.jupiter.api.Assertions.assertArrayEquals(umaSecret, underNew.findTotp(ids.get(1)).orElseThrow()
                .secret());
        assertThrows(SecretKeyException.class, () -> underOld.findTotp(ids.get(0)), "the old key opens nothing");
        assertThrows(SecretKeyException.class,
                () -> AuthDatabase.open(opened.database().settings(), SecretKeys.parse(oldKey)).close(),
                "a start with only the dropped key stops at once");
    }

    private String rawTotpSecret(String userId) throws Exception {
        try (Connection c = opened.database().dataSource().getConnection(); java.sql.PreparedStatement s =
                c.prepareStatement("SELECT secret FROM auth_totp WHERE user_id = ?")) {
            s.setString(1, userId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    private void setRawTotpSecret(String userId, String value) throws Exception {
        try (Connection c = opened.database().dataSource().getConnection(); java.sql.PreparedStatement s =
                c.prepareStatement("UPDATE auth_totp SET secret = ? WHERE user_id = ?")) {
            s.setString(1, value);
            s.setString(2, userId);
            assertEquals(1, s.executeUpdate());
        }
    }

    private List<String> rawTotpSecrets() throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = opened.database().dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT secret FROM auth_totp ORDER BY user_id")) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }

    @Test
    void aWrongKeyStopsTheOpeningOfTheDatabase() {
        JwtTokens.builder().build(store(SecretKeys.parse(SecretKeys.generateKey())));
        SecretKeys wrong = SecretKeys.parse(SecretKeys.generateKey());
        assertThrows(SecretKeyException.class, () -> rewrap(wrong), "a rewrap changes nothing then");
        assertThrows(SecretKeyException.class,
                () -> AuthDatabase.open(opened.database().settings(), wrong).close());
    }
}
