package io.netauth.core.jdbc;

import io.netauth.core.internal.SqlFailures;
import io.netauth.core.internal.Transactions;
import io.netauth.core.mfa.MfaStore;
import io.netauth.core.secret.SecretKeyException;
import io.netauth.core.secret.SecretKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * {@link MfaStore} on {@code auth_totp}, {@code auth_recovery_codes} and {@code auth_mfa_challenges}, for H2 and
 * PostgreSQL. TOTP secrets are sealed with {@link SecretKeys}, bound to their row; without keys they are stored
 * as base64 (an embedding application's choice). An MFA token is its challenge sealed with the same keys, so that
 * the first step of a login writes nothing; {@code auth_mfa_challenges} holds the spent ones, whose id the
 * primary key refuses a second time. Every other single-use rule is one conditional {@code UPDATE}. Blocking
 * where it touches the database; thread-safe.
 */
public final class JdbcMfaStore implements MfaStore {

    private static final String FIND_TOTP = "SELECT secret, confirmed_at, last_step FROM auth_totp WHERE user_id = ?";
    private static final String DELETE_PENDING = "DELETE FROM auth_totp WHERE user_id = ? AND confirmed_at IS NULL";
    private static final String INSERT_TOTP = "INSERT INTO auth_totp (user_id, secret, created_at, confirmed_at, "
            + "last_step) SELECT ?, ?, ?, NULL, 0 FROM auth_users WHERE id = ? AND NOT EXISTS "
            + "(SELECT 1 FROM auth_totp WHERE user_id = ?)";
    private static final String CONFIRM = "UPDATE auth_totp SET confirmed_at = ?, last_step = ? "
            + "WHERE user_id = ? AND confirmed_at IS NULL AND last_step < ?";
    private static final String ACCEPT_STEP = "UPDATE auth_totp SET last_step = ? "
            + "WHERE user_id = ? AND confirmed_at IS NOT NULL AND last_step < ?";
    private static final String DELETE_TOTP = "DELETE FROM auth_totp WHERE user_id = ?";
    private static final String DELETE_CODES = "DELETE FROM auth_recovery_codes WHERE user_id = ?";
    private static final String INSERT_CODE = "INSERT INTO auth_recovery_codes (user_id, code_hash, used_at) "
            + "VALUES (?, ?, NULL)";
    private static final String USE_CODE = "UPDATE auth_recovery_codes SET used_at = ? "
            + "WHERE user_id = ? AND code_hash = ? AND used_at IS NULL";
    private static final String LOCK_CONFIRMED = "SELECT user_id FROM auth_totp WHERE user_id = ? "
            + "AND confirmed_at IS NOT NULL FOR UPDATE";
    /** A spent challenge's id is the primary key: a second spending, on any process, is refused by it. */
    private static final String SPEND_CHALLENGE = "INSERT INTO auth_mfa_challenges (token_hash, user_id, purpose, "
            + "expires_at, spent_at) VALUES (?, ?, ?, ?, ?)";
    private static final String FIND_SPENT = "SELECT 1 FROM auth_mfa_challenges WHERE token_hash = ?";
    private static final String PURGE_CHALLENGES = "DELETE FROM auth_mfa_challenges WHERE expires_at < ?";
    /** One sealed secret per key id: {@code v1:} and 8 hex digits are a sealed value's first 11 characters. */
    private static final String ONE_PER_KEY = "SELECT t.user_id, t.secret FROM auth_totp t JOIN (SELECT "
            + "MIN(user_id) AS user_id FROM auth_totp WHERE secret LIKE 'v1:%' GROUP BY SUBSTRING(secret FROM 1 FOR 11)) "
            + "k ON k.user_id = t.user_id";
    private static final SealedColumn SECRETS = new SealedColumn("SELECT user_id, secret FROM auth_totp FOR UPDATE",
            "UPDATE auth_totp SET secret = ? WHERE user_id = ?");

    /** What a sealed MFA token is bound to: it opens as nothing else, and nothing else opens as one. */
    private static final String CHALLENGE_CONTEXT = "netauth mfa token v1";

    private final DataSource dataSource;
    private final SecretKeys secrets;

    /**
     * Seals TOTP secrets and MFA tokens with {@code secrets}; {@code null} stores secrets unsealed and cannot
     * open a login's second step (an embedding application that only administers factors).
     */
    public JdbcMfaStore(DataSource dataSource, SecretKeys secrets) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.secrets = secrets;
    }

    @Override
    public Optional<Factor> findTotp(String userId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(FIND_TOTP)) {
            s.setString(1, userId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                r.getLong(2);
                boolean confirmed = !r.wasNull();
                return Optional.of(new Factor(open(userId, r.getString(1)), confirmed, r.getLong(3)));
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("read a TOTP factor", e);
        }
    }

    @Override
    public boolean savePendingTotp(String userId, byte[] secret, Instant at) {
        String sealed = seal(userId, secret);
        return inTransaction("store a TOTP factor", tx -> {
            try (PreparedStatement delete = tx.prepareStatement(DELETE_PENDING);
                    PreparedStatement insert = tx.prepareStatement(INSERT_TOTP)) {
                delete.setString(1, userId);
                delete.executeUpdate();
                insert.setString(1, userId);
                insert.setString(2, sealed);
                insert.setLong(3, at.toEpochMilli());
                insert.setString(4, userId);
                insert.setString(5, userId);
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean confirmTotp(String userId, long step, List<String> recoveryCodeDigests, Instant at) {
        return inTransaction("confirm a TOTP factor", tx -> {
            try (PreparedStatement confirm = tx.prepareStatement(CONFIRM)) {
                confirm.setLong(1, at.toEpochMilli());
                confirm.setLong(2, step);
                confirm.setString(3, userId);
                confirm.setLong(4, step);
                if (confirm.executeUpdate() != 1) {
                    return false;
                }
            }
            writeCodes(tx, userId, recoveryCodeDigests);
            return true;
        });
    }

    @Override
    public boolean acceptStep(String userId, long step) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(ACCEPT_STEP)) {
            s.setLong(1, step);
            s.setString(2, userId);
            s.setLong(3, step);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw SqlFailures.failure("accept a TOTP code", e);
        }
    }

    @Override
    public boolean removeTotp(String userId) {
        return inTransaction("remove a TOTP factor", tx -> {
            try (PreparedStatement codes = tx.prepareStatement(DELETE_CODES);
                    PreparedStatement totp = tx.prepareStatement(DELETE_TOTP)) {
                codes.setString(1, userId);
                codes.executeUpdate();
                totp.setString(1, userId);
                return totp.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean replaceRecoveryCodes(String userId, List<String> digests) {
        return inTransaction("replace recovery codes", tx -> {
            try (PreparedStatement lock = tx.prepareStatement(LOCK_CONFIRMED)) {
                lock.setString(1, userId);
                try (ResultSet r = lock.executeQuery()) {
                    if (!r.next()) {
                        return false;
                    }
                }
            }
            writeCodes(tx, userId, digests);
            return true;
        });
    }

    @Override
    public String sealChallenge(Challenge challenge) {
        if (secrets == null) {
            throw new IllegalStateException("MFA tokens are sealed with the key-encryption keys: open the database "
                    + "with AuthDatabase.open(settings, secrets)");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(challenge.id());
            out.writeUTF(challenge.userId());
            out.writeUTF(challenge.purpose().name());
            out.writeLong(challenge.expiresAt().toEpochMilli());
            out.writeUTF(challenge.browser());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        return secrets.sealToken(bytes.toByteArray(), CHALLENGE_CONTEXT);
    }

    @Override
    public Optional<Challenge> openChallenge(String mfaToken) {
        byte[] plain = secrets == null ? null : secrets.openToken(mfaToken, CHALLENGE_CONTEXT).orElse(null);
        if (plain == null) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            String id = in.readUTF();
            String userId = in.readUTF();
            Challenge.Purpose purpose = Challenge.Purpose.valueOf(in.readUTF());
            Instant expiresAt = Instant.ofEpochMilli(in.readLong());
            // A token sealed by an earlier version ends here: it is bound to no browser, as the API's are.
            String browser = in.available() > 0 ? in.readUTF() : "";
            return Optional.of(new Challenge(id, userId, purpose, expiresAt, browser));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean spendChallenge(Challenge challenge, Instant at) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SPEND_CHALLENGE)) {
            return spend(s, challenge, at);
        } catch (SQLException e) {
            if (SqlFailures.isConstraintViolation(e)) {
                return false;
            }
            throw SqlFailures.failure("spend an MFA token", e);
        }
    }

    @Override
    public boolean challengeSpent(String challengeId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(FIND_SPENT)) {
            s.setString(1, challengeId);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("find a spent MFA token", e);
        }
    }

    @Override
    public Completion completeChallenge(Challenge challenge, long step, String recoveryCodeDigest, Instant at) {
        String userId = challenge.userId();
        return inTransaction("complete a second step", tx -> {
            boolean accepted;
            if (recoveryCodeDigest == null) {
                try (PreparedStatement s = tx.prepareStatement(ACCEPT_STEP)) {
                    s.setLong(1, step);
                    s.setString(2, userId);
                    s.setLong(3, step);
                    accepted = s.executeUpdate() == 1;
                }
            } else {
                try (PreparedStatement s = tx.prepareStatement(USE_CODE)) {
                    s.setLong(1, at.toEpochMilli());
                    s.setString(2, userId);
                    s.setString(3, recoveryCodeDigest);
                    accepted = s.executeUpdate() == 1;
                }
            }
            if (!accepted) {
                return Completion.CODE_REFUSED;
            }
            try (PreparedStatement s = tx.prepareStatement(SPEND_CHALLENGE)) {
                spend(s, challenge, at);
            } catch (SQLException e) {
                if (!SqlFailures.isConstraintViolation(e)) {
                    throw e;
                }
                tx.rollback(); // the code stays unused for the request that holds a live token
                return Completion.CHALLENGE_SPENT;
            }
            return Completion.COMPLETED;
        });
    }

    private static boolean spend(PreparedStatement s, Challenge challenge, Instant at) throws SQLException {
        s.setString(1, challenge.id());
        s.setString(2, challenge.userId());
        s.setString(3, challenge.purpose().name());
        s.setLong(4, challenge.expiresAt().toEpochMilli());
        s.setLong(5, at.toEpochMilli());
        return s.executeUpdate() == 1;
    }

    @Override
    public int purgeChallenges(Instant before) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(PURGE_CHALLENGES)) {
            s.setLong(1, before.toEpochMilli());
            return s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.failure("purge MFA tokens", e);
        }
    }

    /**
     * Seals again, inside the caller's transaction, every TOTP secret that {@code needs} picks; answers how many.
     * Part of {@link AuthDatabase#rewrapSecrets()}, which rewrites every secret in one transaction.
     */
    int reseal(Connection tx, Predicate<String> needs) throws SQLException {
        return SECRETS.reseal(tx, needs, (userId, stored) -> seal(userId, open(userId, stored)));
    }

    /**
     * Opens one sealed secret under each key id in the table (the database picks them: the table is not read whole
     * at start), so that a missing key fails the start. Blocking.
     */
    void checkSecrets() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(ONE_PER_KEY);
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                open(r.getString(1), r.getString(2));
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("read TOTP factors", e);
        }
    }

    private static void writeCodes(Connection tx, String userId, List<String> digests) throws SQLException {
        try (PreparedStatement delete = tx.prepareStatement(DELETE_CODES);
                PreparedStatement insert = tx.prepareStatement(INSERT_CODE)) {
            delete.setString(1, userId);
            delete.executeUpdate();
            for (String digest : digests) {
                insert.setString(1, userId);
                insert.setString(2, digest);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private <T> T inTransaction(String what, Transactions.Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return Transactions.run(c, work);
        } catch (SQLException e) {
            throw SqlFailures.failure(what, e);
        }
    }

    private String seal(String userId, byte[] secret) {
        return secrets == null ? Base64.getEncoder().encodeToString(secret) : secrets.seal(secret, context(userId));
    }

    private byte[] open(String userId, String stored) {
        if (!SecretKeys.isSealed(stored)) {
            return Base64.getDecoder().decode(stored);
        }
        if (secrets == null) {
            throw new SecretKeyException("the TOTP secret of user " + userId + " is sealed, and no key-encryption "
                    + "key is configured (secrets-keys)");
        }
        return secrets.open(stored, context(userId));
    }

    /** What a sealed secret is bound to: its table and row. */
    private static String context(String userId) {
        return "auth_totp:" + userId;
    }
}
