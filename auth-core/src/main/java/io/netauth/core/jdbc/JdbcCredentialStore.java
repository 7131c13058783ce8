package io.netauth.core.jdbc;

import io.netauth.core.CredentialStore;
import io.netauth.core.StoredCredential;
import io.netauth.core.UserAccount;
import io.netauth.core.Usernames;
import io.netauth.core.internal.SqlFailures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@link CredentialStore} on the {@code auth_users} table, for H2 and PostgreSQL alike: what a login and a
 * refresh read, and the rehash they write. {@link JdbcUserDirectory} changes the same table. Blocking;
 * thread-safe (each call borrows its own connection from the pool).
 */
public final class JdbcCredentialStore implements CredentialStore {

    private static final String FIND = "SELECT id, username, password_hash, roles, enabled, EXISTS (SELECT 1 "
            + "FROM auth_totp t WHERE t.user_id = auth_users.id AND t.confirmed_at IS NOT NULL) FROM auth_users "
            + "WHERE normalized_username = ?";
    private static final String FIND_BY_ID = "SELECT id, username, roles, enabled FROM auth_users WHERE id = ?";
    private static final String REPLACE_HASH = "UPDATE auth_users SET password_hash = ?, updated_at = ? "
            + "WHERE id = ? AND password_hash = ?";

    private final DataSource dataSource;
    private final Clock clock;

    public JdbcCredentialStore(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<StoredCredential> findByUsername(String normalizedUsername) {
        if (!Usernames.fitsAnAccount(normalizedUsername)) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(FIND)) {
            s.setString(1, normalizedUsername);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                UserAccount account = new UserAccount(r.getString(1), r.getString(2), parseRoles(r.getString(4)),
                        r.getBoolean(5));
                return Optional.of(new StoredCredential(account, r.getString(3), r.getBoolean(6)));
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("find a user", e);
        }
    }

    @Override
    public Optional<UserAccount> findById(String userId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(FIND_BY_ID)) {
            s.setString(1, userId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(account(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("find a user", e);
        }
    }

    @Override
    public boolean replacePasswordHash(String userId, String expectedHash, String newHash) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(REPLACE_HASH)) {
            s.setString(1, newHash);
            s.setLong(2, clock.millis());
            s.setString(3, userId);
            s.setString(4, expectedHash);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw SqlFailures.failure("replace a password hash", e);
        }
    }

    /** An account from the columns {@code id, username, roles, enabled}, in that order. */
    static UserAccount account(ResultSet r) throws SQLException {
        return new UserAccount(r.getString(1), r.getString(2), parseRoles(r.getString(3)), r.getBoolean(4));
    }

    private static List<String> parseRoles(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
