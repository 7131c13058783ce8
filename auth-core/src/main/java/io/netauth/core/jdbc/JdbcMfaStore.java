package io.netauth.core.jdbc;

import io.netauth.core.internal.SqlFailures;
import io.netauth.core.internal.Transactions;
import io.netauth.core.mfa.MfaStore;
import io.netauth.core.secret.SecretKeyException;
import io.netauth.core.secret.SecretKeys;
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
 * as base64 (an embedding application's choice). Every single-use rule is one conditional {@code UPDATE}.
 * Blocking; thread-safe.
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
    private static final String INSERT_CHALLENGE = "INSERT INTO auth_mfa_challenges (token_hash, user_id, purpose, "
            + "expires_at, spent_at) VALUES (?, ?, ?, ?, NULL)";
    private static final String FIND_CHALLENGE = "SELECT user_id, purpose, expires_at FROM auth_mfa_challenges "
            + "WHERE token_hash = ? AND spent_at IS NULL";
    private static final String SPEND_CHALLENGE = "UPDATE auth_mfa_challenges SET spent_at = ? "
            + "WHERE token_hash = ? AND spent_at IS NULL AND expires_at > ?";
    private static final String PURGE_CHALLENGES = "DELETE FROM auth_mfa_challenges WHERE expires_at < ?";
    /** One sealed secret per key id: {@code v1:} and 8 hex digits are a sealed value's first 11 characters. */
    private static final String ONE_PER_KEY = "SELECT t.user_id, t.secret FROM auth_totp t JOIN (SELECT "
            + "MIN(user_id) AS user_id FROM auth_totp WHERE secret LIKE 'v1:%' GROUP BY SUBSTRING(secret FROM 1 FOR 11)) "
            + "k ON k.user_id = t.user_id";
    private static final SealedColumn SECRETS = new SealedColumn("SELECT user_id, secret FROM auth_totp FOR UPDATE",
            "UPDATE auth_totp SET secret = ? WHERE user_id = ?");

    private final DataSource dataSource;
    private final SecretKeys secrets;

    /** Seals TOTP secrets with {@code secrets}; {@code null} stores them unsealed. */
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
            throw SqlFailures.unavailable("read a TOTP factor", e);
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
            throw SqlFailures.unavailable("accept a TOTP code", e);
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
    public void createChallenge(String tokenDigest, String userId, Challenge.Purpose purpose, Instant expiresAt) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(INSERT_CHALLENGE)) {
            s.setString(1, tokenDigest);
            s.setString(2, userId);
            s.setString(3, purpose.name());
            s.setLong(4, expiresAt.toEpochMilli());
            s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.unavailable("store an MFA token", e);
        }
    }

    @Override
    public Optional<Challenge> findChallenge(String tokenDigest) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(FIND_CHALLENGE)) {
            s.setString(1, tokenDigest);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Challenge(r.getString(1), Challenge.Purpose.valueOf(r.getString(2)),
                        Instant.ofEpochMilli(r.getLong(3)))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlFailures.unavailable("find an MFA token", e);
        }
    }

    @Override
    public boolean spendChallenge(String tokenDigest, Instant at) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SPEND_CHALLENGE)) {
            s.setLong(1, at.toEpochMilli());
            s.setString(2, tokenDigest);
            s.setLong(3, at.toEpochMilli());
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw SqlFailures.unavailable("spend an MFA token", e);
        }
    }

    @Override
    public Completion completeChallenge(String tokenDigest, String userId, long step, String recoveryCodeDigest,
            Instant at) {
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
                s.setLong(1, at.toEpochMilli());
                s.setString(2, tokenDigest);
                s.setLong(3, at.toEpochMilli());
                if (s.executeUpdate() != 1) {
                    tx.rollback(); // the code stays unused for the request that holds a live token
                    return Completion.CHALLENGE_SPENT;
                }
            }
            return Completion.COMPLETED;
        });
    }

    @Override
    public int purgeChallenges(Instant before) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(PURGE_CHALLENGES)) {
            s.setLong(1, before.toEpochMilli());
            return s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.unavailable("purge MFA tokens", e);
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
            throw SqlFailures.unavailable("read TOTP factors", e);
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
            throw SqlFailures.unavailable(what, e);
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
