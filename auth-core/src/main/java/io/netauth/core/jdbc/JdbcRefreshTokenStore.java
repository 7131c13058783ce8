package io.netauth.core.jdbc;

import io.netauth.core.RefreshTokenStore;
import io.netauth.core.StoredRefreshToken;
import io.netauth.core.internal.SqlFailures;
import io.netauth.core.internal.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link RefreshTokenStore} on {@code auth_refresh_families} and {@code auth_refresh_tokens}, for H2 and
 * PostgreSQL. The spend is one conditional {@code UPDATE} in a transaction with the successor's
 * {@code INSERT}, so it holds across processes sharing the database. Blocking; thread-safe.
 */
public final class JdbcRefreshTokenStore implements RefreshTokenStore {

    private static final String INSERT_FAMILY = "INSERT INTO auth_refresh_families (family_id, user_id, created_at, "
            + "expires_at, revoked_at, client_id, amr, scopes) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)";
    private static final String INSERT_TOKEN = "INSERT INTO auth_refresh_tokens (token_hash, family_id, issued_at, "
            + "expires_at, spent_at) VALUES (?, ?, ?, ?, NULL)";
    private static final String FIND = "SELECT t.token_hash, t.family_id, f.user_id, t.expires_at, f.expires_at, "
            + "t.spent_at, f.revoked_at, f.client_id, f.amr, f.scopes FROM auth_refresh_tokens t "
            + "JOIN auth_refresh_families f ON f.family_id = t.family_id WHERE t.token_hash = ?";
    private static final String SPEND = "UPDATE auth_refresh_tokens SET spent_at = ? WHERE token_hash = ? "
            + "AND spent_at IS NULL AND family_id IN "
            + "(SELECT family_id FROM auth_refresh_families WHERE revoked_at IS NULL)";
    private static final String SUCCESSOR = "INSERT INTO auth_refresh_tokens (token_hash, family_id, issued_at, "
            + "expires_at, spent_at) SELECT ?, family_id, ?, ?, NULL FROM auth_refresh_tokens WHERE token_hash = ?";
    private static final String REVOKE_FAMILY = "UPDATE auth_refresh_families SET revoked_at = ? "
            + "WHERE family_id = ? AND revoked_at IS NULL";
    private static final String REVOKE_USER = "UPDATE auth_refresh_families SET revoked_at = ? "
            + "WHERE user_id = ? AND revoked_at IS NULL";
    private static final String PURGE_TOKENS = "DELETE FROM auth_refresh_tokens WHERE expires_at < ?";
    private static final String PURGE_FAMILIES = "DELETE FROM auth_refresh_families WHERE expires_at < ? "
            + "OR revoked_at < ?";

    private final DataSource dataSource;

    public JdbcRefreshTokenStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public void createFamily(String familyId, String userId, String clientId, List<String> amr, List<String> scopes,
            Instant createdAt, Instant familyExpiresAt, String tokenHash, Instant tokenExpiresAt) {
        try (Connection c = dataSource.getConnection()) {
            Transactions.run(c, tx -> {
                try (PreparedStatement family = tx.prepareStatement(INSERT_FAMILY);
                        PreparedStatement token = tx.prepareStatement(INSERT_TOKEN)) {
                    family.setString(1, familyId);
                    family.setString(2, userId);
                    family.setLong(3, createdAt.toEpochMilli());
                    family.setLong(4, familyExpiresAt.toEpochMilli());
                    family.setString(5, clientId);
                    family.setString(6, String.join(" ", amr));
                    family.setString(7, scopes.isEmpty() ? null : String.join(" ", scopes));
                    family.executeUpdate();
                    token.setString(1, tokenHash);
                    token.setString(2, familyId);
                    token.setLong(3, createdAt.toEpochMilli());
                    token.setLong(4, tokenExpiresAt.toEpochMilli());
                    return token.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw SqlFailures.failure("start a refresh token family", e);
        }
    }

    @Override
    public Optional<StoredRefreshToken> find(String tokenHash) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(FIND)) {
            s.setString(1, tokenHash);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredRefreshToken(r.getString(1), r.getString(2), r.getString(3),
                        Instant.ofEpochMilli(r.getLong(4)), Instant.ofEpochMilli(r.getLong(5)),
                        instantOrNull(r, 6), instantOrNull(r, 7), r.getString(8), amr(r.getString(9)),
                        r.getString(10) == null ? List.of() : List.of(r.getString(10).split(" "))));
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("find a refresh token", e);
        }
    }

    /** A family started before methods were recorded was a password sign-in. */
    private static List<String> amr(String stored) {
        return stored == null || stored.isEmpty() ? io.netauth.core.AuthMethods.PASSWORD
                : List.of(stored.split(" "));
    }

    @Override
    public boolean spendAndReplace(String tokenHash, Instant spentAt, String newTokenHash, Instant newTokenExpiresAt) {
        try (Connection c = dataSource.getConnection()) {
            return Transactions.run(c, tx -> {
                try (PreparedStatement spend = tx.prepareStatement(SPEND);
                        PreparedStatement successor = tx.prepareStatement(SUCCESSOR)) {
                    spend.setLong(1, spentAt.toEpochMilli());
                    spend.setString(2, tokenHash);
                    if (spend.executeUpdate() != 1) {
                        return false; // spent or revoked meanwhile; nothing was written
                    }
                    successor.setString(1, newTokenHash);
                    successor.setLong(2, spentAt.toEpochMilli());
                    successor.setLong(3, newTokenExpiresAt.toEpochMilli());
                    successor.setString(4, tokenHash);
                    successor.executeUpdate();
                    return true;
                }
            });
        } catch (SQLException e) {
            if (SqlFailures.isSerializationFailure(e)) {
                return false; // a concurrent spend of the same row won
            }
            throw SqlFailures.failure("rotate a refresh token", e);
        }
    }

    @Override
    public void revokeFamily(String familyId, Instant at) {
        update(REVOKE_FAMILY, "revoke a refresh token family", at, familyId);
    }

    @Override
    public int revokeUser(String userId, Instant at) {
        return update(REVOKE_USER, "revoke a user's refresh tokens", at, userId);
    }

    @Override
    public int purge(Instant before) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement tokens = c.prepareStatement(PURGE_TOKENS);
                PreparedStatement families = c.prepareStatement(PURGE_FAMILIES)) {
            tokens.setLong(1, before.toEpochMilli());
            int purged = tokens.executeUpdate();
            families.setLong(1, before.toEpochMilli());
            families.setLong(2, before.toEpochMilli());
            return purged + families.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.failure("purge refresh tokens", e);
        }
    }

    private int update(String sql, String action, Instant at, String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, at.toEpochMilli());
            s.setString(2, key);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.failure(action, e);
        }
    }

    private static Instant instantOrNull(ResultSet r, int column) throws SQLException {
        long millis = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
