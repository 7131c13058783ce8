package io.netauth.core.jdbc;

import io.netauth.core.CredentialStore;
import io.netauth.core.UserDirectory;
import io.netauth.core.DuplicateUserException;
import io.netauth.core.StoredCredential;
import io.netauth.core.UserAccount;
import io.netauth.core.Usernames;
import io.netauth.core.internal.SqlFailures;
import io.netauth.core.internal.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The {@link CredentialStore} on the {@code auth_users} table, for H2 and PostgreSQL alike, plus the
 * administration the {@code users} command needs. Blocking; thread-safe (each call borrows its own
 * connection from the pool).
 */
public final class JdbcCredentialStore implements CredentialStore, UserDirectory {

    /** Longest username accepted, in characters, before and after normalisation's expansion. */
    public static final int MAX_USERNAME_LENGTH = 256;
    private static final int MAX_NORMALIZED_LENGTH = 1024;
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.:\\-]{1,64}");

    private static final String FIND = "SELECT id, username, password_hash, roles, enabled FROM auth_users "
            + "WHERE normalized_username = ?";
    private static final String FIND_BY_ID = "SELECT id, username, roles, enabled FROM auth_users WHERE id = ?";
    private static final String REVOKE_SESSIONS = "UPDATE auth_refresh_families SET revoked_at = ? "
            + "WHERE user_id = (SELECT id FROM auth_users WHERE normalized_username = ?) AND revoked_at IS NULL";
    private static final String REPLACE_HASH = "UPDATE auth_users SET password_hash = ?, updated_at = ? "
            + "WHERE id = ? AND password_hash = ?";
    private static final String INSERT = "INSERT INTO auth_users (id, username, normalized_username, "
            + "password_hash, roles, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SET_HASH = "UPDATE auth_users SET password_hash = ?, updated_at = ? "
            + "WHERE normalized_username = ?";
    private static final String SET_ENABLED = "UPDATE auth_users SET enabled = ?, updated_at = ? "
            + "WHERE normalized_username = ?";
    private static final String SET_ROLES = "UPDATE auth_users SET roles = ?, updated_at = ? WHERE normalized_username = ?";
    private static final String DELETE_SESSIONS = "DELETE FROM auth_refresh_families WHERE user_id = "
            + "(SELECT id FROM auth_users WHERE normalized_username = ?)";
    private static final String DELETE_USER = "DELETE FROM auth_users WHERE normalized_username = ?";
    private static final String LIST = "SELECT id, username, roles, enabled FROM auth_users "
            + "ORDER BY normalized_username";

    private final DataSource dataSource;
    private final Clock clock;

    public JdbcCredentialStore(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<StoredCredential> findByUsername(String normalizedUsername) {
        if (normalizedUsername.length() > MAX_NORMALIZED_LENGTH) {
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
                return Optional.of(new StoredCredential(account, r.getString(3)));
            }
        } catch (SQLException e) {
            throw SqlFailures.unavailable("find a user", e);
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
            throw SqlFailures.unavailable("find a user", e);
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
            throw SqlFailures.unavailable("replace a password hash", e);
        }
    }

    @Override
    public Optional<UserAccount> findAccount(String username) {
        return findByUsername(Usernames.normalize(username)).map(StoredCredential::account);
    }

    @Override
    public boolean setRoles(String username, List<String> roles) {
        List<String> checked = checkRoles(roles);
        return update(SET_ROLES, "set roles", username, false, s -> s.setString(1, String.join(",", checked)));
    }

    @Override
    public boolean deleteUser(String username) {
        String normalized = Usernames.normalize(username);
        try (Connection c = dataSource.getConnection()) {
            return Transactions.run(c, tx -> {
                try (PreparedStatement sessions = tx.prepareStatement(DELETE_SESSIONS);
                        PreparedStatement user = tx.prepareStatement(DELETE_USER)) {
                    sessions.setString(1, normalized);
                    sessions.executeUpdate();
                    user.setString(1, normalized);
                    return user.executeUpdate() == 1;
                }
            });
        } catch (SQLException e) {
            throw SqlFailures.unavailable("delete a user", e);
        }
    }

    /**
     * Adds an enabled user.
     *
     * @throws DuplicateUserException if the normalised name is taken
     * @throws IllegalArgumentException if the name or a role is not acceptable
     */
    @Override
    public UserAccount createUser(String username, String passwordHash, List<String> roles) {
        String normalized = checkedNormalize(username);
        List<String> checkedRoles = checkRoles(roles);
        UserAccount account = new UserAccount(UUID.randomUUID().toString(), username, checkedRoles, true);
        long now = clock.millis();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setString(1, account.id());
            s.setString(2, username);
            s.setString(3, normalized);
            s.setString(4, passwordHash);
            s.setString(5, String.join(",", checkedRoles));
            s.setBoolean(6, true);
            s.setLong(7, now);
            s.setLong(8, now);
            s.executeUpdate();
            return account;
        } catch (SQLException e) {
            if (SqlFailures.isConstraintViolation(e)) {
                throw new DuplicateUserException(username);
            }
            throw SqlFailures.unavailable("add a user", e);
        }
    }

    /**
     * Sets a new password hash and, in the same transaction, revokes the user's refresh tokens: whoever knew
     * the old password must not stay logged in. {@code false} if there is no such user.
     */
    @Override
    public boolean setPasswordHash(String username, String passwordHash) {
        return update(SET_HASH, "set a password", username, true, s -> s.setString(1, passwordHash));
    }

    /**
     * Enables or disables a user; disabling also revokes the user's refresh tokens in the same transaction.
     * {@code false} if there is no such user.
     */
    @Override
    public boolean setEnabled(String username, boolean enabled) {
        return update(SET_ENABLED, "enable or disable a user", username, !enabled, s -> s.setBoolean(1, enabled));
    }

    /** One account to import: its name, its hash from the other system, its roles. */
    public record ImportedUser(String username, String passwordHash, List<String> roles) {
        @Override
        public String toString() {
            return "ImportedUser[username=" + username + ", roles=" + roles + ']';
        }
    }

    /**
     * Checks a user to import without touching the database: the name and roles as {@link #createUser} would.
     *
     * @return the normalised name
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String validate(ImportedUser user) {
        String normalized = checkedNormalize(user.username());
        checkRoles(user.roles());
        return normalized;
    }

    /**
     * Adds every user in one transaction, or none: a name taken already (or twice in the list) rolls the whole
     * import back.
     *
     * @throws DuplicateUserException naming the first name that is taken
     * @throws IllegalArgumentException if a name or a role is not acceptable
     */
    public int importUsers(List<ImportedUser> users) {
        long now = clock.millis();
        try (Connection c = dataSource.getConnection()) {
            return Transactions.run(c, tx -> {
                try (PreparedStatement s = tx.prepareStatement(INSERT)) {
                    for (ImportedUser user : users) {
                        String normalized = checkedNormalize(user.username());
                        List<String> roles = checkRoles(user.roles());
                        s.setString(1, UUID.randomUUID().toString());
                        s.setString(2, user.username());
                        s.setString(3, normalized);
                        s.setString(4, user.passwordHash());
                        s.setString(5, String.join(",", roles));
                        s.setBoolean(6, true);
                        s.setLong(7, now);
                        s.setLong(8, now);
                        try {
                            s.executeUpdate();
                        } catch (SQLException e) {
                            if (SqlFailures.isConstraintViolation(e)) {
                                throw new DuplicateUserException(user.username());
                            }
                            throw e;
                        }
                    }
                    return users.size();
                }
            });
        } catch (SQLException e) {
            throw SqlFailures.unavailable("import users", e);
        }
    }

    /** Every user, ordered by normalised name. */
    public List<UserAccount> listUsers() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(LIST);
                ResultSet r = s.executeQuery()) {
            List<UserAccount> users = new ArrayList<>();
            while (r.next()) {
                users.add(account(r));
            }
            return users;
        } catch (SQLException e) {
            throw SqlFailures.unavailable("list users", e);
        }
    }

    private boolean update(String sql, String action, String username, boolean endSessions,
            ParameterSetter first) {
        long now = clock.millis();
        String normalized = Usernames.normalize(username);
        try (Connection c = dataSource.getConnection()) {
            return Transactions.run(c, tx -> {
                try (PreparedStatement s = tx.prepareStatement(sql);
                        PreparedStatement revoke = tx.prepareStatement(REVOKE_SESSIONS)) {
                    first.set(s);
                    s.setLong(2, now);
                    s.setString(3, normalized);
                    boolean found = s.executeUpdate() == 1;
                    if (found && endSessions) {
                        revoke.setLong(1, now);
                        revoke.setString(2, normalized);
                        revoke.executeUpdate();
                    }
                    return found;
                }
            });
        } catch (SQLException e) {
            throw SqlFailures.unavailable(action, e);
        }
    }

    private static UserAccount account(ResultSet r) throws SQLException {
        return new UserAccount(r.getString(1), r.getString(2), parseRoles(r.getString(3)), r.getBoolean(4));
    }

    private static String checkedNormalize(String username) {
        if (username.isBlank() || username.length() > MAX_USERNAME_LENGTH) {
            throw new IllegalArgumentException("username: expected 1 to " + MAX_USERNAME_LENGTH
                    + " characters, not all blank");
        }
        for (int i = 0; i < username.length(); i++) {
            if (Character.isISOControl(username.charAt(i))) {
                throw new IllegalArgumentException("username: control characters are not allowed");
            }
        }
        String normalized = Usernames.normalize(username);
        if (normalized.length() > MAX_NORMALIZED_LENGTH) {
            throw new IllegalArgumentException("username: too long after normalisation");
        }
        return normalized;
    }

    private static List<String> checkRoles(List<String> roles) {
        for (String role : roles) {
            if (!ROLE.matcher(role).matches()) {
                throw new IllegalArgumentException("role: '" + role
                        + "' (expected: 1 to 64 of letters, digits, '_', '.', ':', '-')");
            }
        }
        return roles.stream().distinct().toList();
    }

    private static List<String> parseRoles(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    @FunctionalInterface
    private interface ParameterSetter {
        void set(PreparedStatement statement) throws SQLException;
    }
}
