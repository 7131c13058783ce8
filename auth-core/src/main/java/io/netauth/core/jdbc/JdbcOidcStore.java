package io.netauth.core.jdbc;

import io.netauth.core.internal.SqlFailures;
import io.netauth.core.internal.Transactions;
import io.netauth.core.oidc.OidcStore;
import io.netauth.core.oidc.Profile;
import io.netauth.core.oidc.StoredCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link OidcStore} on {@code auth_codes}, {@code auth_consents} and the email columns of {@code auth_users}, for
 * H2 and PostgreSQL. A code is spent by one conditional {@code UPDATE}, so exactly one process wins it. Blocking;
 * thread-safe.
 */
public final class JdbcOidcStore implements OidcStore {

    private static final String CODE_COLUMNS = "code_hash, client_id, user_id, redirect_uri, scopes, nonce, "
            + "code_challenge, amr, auth_time, expires_at, spent_at, access_token_id, access_expires_at, family_id";
    private static final String INSERT_CODE = "INSERT INTO auth_codes (" + CODE_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL)";
    private static final String FIND_CODE = "SELECT " + CODE_COLUMNS + " FROM auth_codes WHERE code_hash = ?";
    private static final String SPEND_CODE = "UPDATE auth_codes SET spent_at = ?, access_token_id = ?, "
            + "access_expires_at = ?, family_id = ? WHERE code_hash = ? AND spent_at IS NULL AND expires_at > ?";
    private static final String PURGE_CODES = "DELETE FROM auth_codes WHERE expires_at < ?";
    private static final String FIND_CONSENT = "SELECT scopes FROM auth_consents WHERE user_id = ? AND client_id = ?";
    private static final String DELETE_CONSENT = "DELETE FROM auth_consents WHERE user_id = ? AND client_id = ?";
    private static final String INSERT_CONSENT = "INSERT INTO auth_consents (user_id, client_id, scopes, granted_at) "
            + "VALUES (?, ?, ?, ?)";
    private static final String PROFILE = "SELECT email, email_verified, updated_at FROM auth_users WHERE id = ?";

    private final DataSource dataSource;

    public JdbcOidcStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public void saveCode(StoredCode code) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(INSERT_CODE)) {
            s.setString(1, code.codeHash());
            s.setString(2, code.clientId());
            s.setString(3, code.userId());
            s.setString(4, code.redirectUri());
            s.setString(5, String.join(" ", code.scopes()));
            s.setString(6, code.nonce());
            s.setString(7, code.codeChallenge());
            s.setString(8, String.join(" ", code.amr()));
            s.setLong(9, code.authTime().toEpochMilli());
            s.setLong(10, code.expiresAt().toEpochMilli());
            s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.unavailable("store an authorization code", e);
        }
    }

    @Override
    public Optional<StoredCode> findCode(String codeHash) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(FIND_CODE)) {
            s.setString(1, codeHash);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredCode(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        words(r.getString(5)), r.getString(6), r.getString(7), words(r.getString(8)),
                        Instant.ofEpochMilli(r.getLong(9)), Instant.ofEpochMilli(r.getLong(10)), instant(r, 11),
                        r.getString(12), instant(r, 13), r.getString(14)));
            }
        } catch (SQLException e) {
            throw SqlFailures.unavailable("find an authorization code", e);
        }
    }

    @Override
    public boolean spendCode(String codeHash, Instant now, String accessTokenId, Instant accessExpiresAt,
            String familyId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SPEND_CODE)) {
            s.setLong(1, now.toEpochMilli());
            s.setString(2, accessTokenId);
            s.setLong(3, accessExpiresAt.toEpochMilli());
            if (familyId == null) {
                s.setNull(4, Types.VARCHAR);
            } else {
                s.setString(4, familyId);
            }
            s.setString(5, codeHash);
            s.setLong(6, now.toEpochMilli());
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw SqlFailures.unavailable("spend an authorization code", e);
        }
    }

    @Override
    public int purgeCodes(Instant before) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(PURGE_CODES)) {
            s.setLong(1, before.toEpochMilli());
            return s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.unavailable("purge authorization codes", e);
        }
    }

    @Override
    public List<String> consentedScopes(String userId, String clientId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(FIND_CONSENT)) {
            s.setString(1, userId);
            s.setString(2, clientId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? words(r.getString(1)) : List.of();
            }
        } catch (SQLException e) {
            throw SqlFailures.unavailable("read a consent", e);
        }
    }

    @Override
    public void saveConsent(String userId, String clientId, List<String> scopes, Instant at) {
        try (Connection c = dataSource.getConnection()) {
            Transactions.run(c, tx -> {
                try (PreparedStatement delete = tx.prepareStatement(DELETE_CONSENT);
                        PreparedStatement insert = tx.prepareStatement(INSERT_CONSENT)) {
                    delete.setString(1, userId);
                    delete.setString(2, clientId);
                    delete.executeUpdate();
                    insert.setString(1, userId);
                    insert.setString(2, clientId);
                    insert.setString(3, String.join(" ", scopes));
                    insert.setLong(4, at.toEpochMilli());
                    return insert.executeUpdate();
                }
            });
        } catch (SQLException e) {
            if (SqlFailures.isConstraintViolation(e)) {
                return; // the same user answered on another tab a moment ago: one answer is recorded
            }
            throw SqlFailures.unavailable("record a consent", e);
        }
    }

    @Override
    public Optional<Profile> profile(String userId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(PROFILE)) {
            s.setString(1, userId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Profile(r.getString(1), r.getBoolean(2),
                        Instant.ofEpochMilli(r.getLong(3)))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlFailures.unavailable("read a user's profile", e);
        }
    }

    private static List<String> words(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(" "));
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        long value = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(value);
    }
}
