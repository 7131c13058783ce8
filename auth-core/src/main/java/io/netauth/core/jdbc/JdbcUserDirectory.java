package io.netauth.core.jdbc;

import io.netauth.core.Change;
import io.netauth.core.DuplicateUserException;
import io.netauth.core.LastRoleHolderException;
import io.netauth.core.InvalidInputException;
import io.netauth.core.Roles;
import io.netauth.core.StoredCredential;
import io.netauth.core.UserAccount;
import io.netauth.core.UserDirectory;
import io.netauth.core.Usernames;
import io.netauth.core.internal.SqlFailures;
import io.netauth.core.internal.Transactions;
import io.netauth.core.token.RevokedTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * The {@link UserDirectory} on the {@code auth_users} table, plus what the runner's {@code users} command
 * needs: import and list. Changing a password or disabling a user revokes the user's refresh tokens (and ends their
 * browser sessions, telling every process through the change feed) in the
 * same transaction. Disabling or deleting a user, or taking a role from one, records in that transaction that its
 * access tokens are refused ({@link Change#USER_TOKENS_REVOKED}), and every change of an account (roles, enabled
 * flag, password) records {@link Change#ACCOUNT_CHANGED}, so that every process learns both from the change feed.
 * The guarded changes keep one enabled holder of a role: they lock every account that may hold it before they
 * count, so of two concurrent changes the second counts after the first commits. Blocking; thread-safe (each call
 * borrows its own connection from the pool).
 */
public final class JdbcUserDirectory implements UserDirectory {

    private static final String REVOKE_SESSIONS = "UPDATE auth_refresh_families SET revoked_at = ? "
            + "WHERE user_id = (SELECT id FROM auth_users WHERE normalized_username = ?) AND revoked_at IS NULL";
    private static final String END_BROWSER_SESSIONS = "UPDATE auth_sessions SET ended_at = ? "
            + "WHERE user_id = (SELECT id FROM auth_users WHERE normalized_username = ?) AND ended_at IS NULL";
    /** Tells every process's session cache, through the change feed ({@code BrowserSessions.USER_SESSIONS_ENDED}). */
    private static final String RECORD_SESSIONS_ENDED = "INSERT INTO auth_changes (kind, subject, recorded_at, "
            + "expires_at) SELECT '" + io.netauth.core.session.BrowserSessions.USER_SESSIONS_ENDED
            + "', id, ?, ? FROM auth_users WHERE normalized_username = ?";
    /** Users per batch of an import: round trips become a small part of the time; a failed batch is redone fast. */
    private static final int IMPORT_BATCH = 1_000;
    private static final String INSERT = "INSERT INTO auth_users (id, username, normalized_username, "
            + "password_hash, roles, enabled, created_at, updated_at, email, email_verified, confusable_key) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String RENAME = "UPDATE auth_users SET username = ?, normalized_username = ?, "
            + "confusable_key = ?, updated_at = ? WHERE normalized_username = ?";
    private static final String WITHOUT_CONFUSABLE_KEY = "SELECT id, normalized_username FROM auth_users "
            + "WHERE confusable_key IS NULL AND id > ? ORDER BY id FETCH FIRST " + IMPORT_BATCH + " ROWS ONLY";
    private static final String SET_CONFUSABLE_KEY = "UPDATE auth_users SET confusable_key = ? "
            + "WHERE id = ? AND confusable_key IS NULL";
    private static final String SET_HASH = "UPDATE auth_users SET password_hash = ?, updated_at = ? "
            + "WHERE normalized_username = ?";
    private static final String SET_ENABLED = "UPDATE auth_users SET enabled = ?, updated_at = ? "
            + "WHERE normalized_username = ?";
    private static final String SET_EMAIL = "UPDATE auth_users SET email = ?, email_verified = ?, updated_at = ? "
            + "WHERE normalized_username = ?";
    private static final String SET_ROLES = "UPDATE auth_users SET roles = ?, updated_at = ? WHERE normalized_username = ?";
    private static final String DELETE_SESSIONS = "DELETE FROM auth_refresh_families WHERE user_id = "
            + "(SELECT id FROM auth_users WHERE normalized_username = ?)";
    /** The account a guarded change is about, locked until the change commits. */
    private static final String LOCK_TARGET = "SELECT id, roles, enabled FROM auth_users "
            + "WHERE normalized_username = ? FOR UPDATE";
    /**
     * Every account that may hold a role (a superset: {@code _} matches any character), locked in one order, so
     * that two guarded changes take turns instead of each counting the other's account as still a holder.
     */
    private static final String LOCK_HOLDERS = "SELECT id FROM auth_users WHERE roles LIKE ? ORDER BY id FOR UPDATE";
    private static final String HOLDERS = "SELECT roles FROM auth_users WHERE enabled = TRUE AND roles LIKE ?";
    private static final String RECORD_CHANGE = "INSERT INTO auth_changes (kind, subject, recorded_at, expires_at) "
            + "VALUES (?, ?, ?, ?)";
    /** How long an {@code account_changed} row outlives the caches it invalidates. */
    private static final long ACCOUNT_CHANGE_KEPT_MS = java.time.Duration.ofHours(1).toMillis();
    /** How long a revocation of a user's tokens is kept: until every token issued before it has expired. */
    private static final long TOKENS_DENIED_MS = RevokedTokens.LONGEST_TOKEN_LIFE.toMillis();
    private static final String DELETE_USER = "DELETE FROM auth_users WHERE normalized_username = ?";
    private static final String LIST = "SELECT id, username, roles, enabled FROM auth_users "
            + "ORDER BY normalized_username";

    private final DataSource dataSource;
    private final JdbcCredentialStore credentials;
    private final Clock clock;

    public JdbcUserDirectory(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.credentials = new JdbcCredentialStore(dataSource, clock);
    }

    /**
     * One account to import: its name, its hash from the other system, its roles, and its email address
     * ({@code null} for none) with whether that is verified.
     */
    public record ImportedUser(String username, String passwordHash, List<String> roles, String email,
            boolean emailVerified) {

        public ImportedUser(String username, String passwordHash, List<String> roles) {
            this(username, passwordHash, roles, null, false);
        }

        @Override
        public String toString() {
            return "ImportedUser[username=" + username + ", roles=" + roles + ']';
        }
    }

    /**
     * Checks a user to import without touching the database: the name and roles as {@link #createUser} would.
     *
     * @return the normalised name
     * @throws InvalidInputException naming what is wrong
     */
    public static String validate(ImportedUser user) {
        String normalized = Usernames.checkedNormalize(user.username());
        Roles.checked(user.roles());
        io.netauth.core.Emails.checked(user.email());
        return normalized;
    }

    @Override
    public UserAccount createUser(String username, String passwordHash, List<String> roles) {
        ImportedUser user = new ImportedUser(username, passwordHash, roles);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(INSERT)) {
            return insert(s, UUID.randomUUID().toString(), user, clock.millis());
        } catch (SQLException e) {
            throw SqlFailures.failure("add a user", e);
        }
    }

    /**
     * Adds every user in one transaction, or none: a name taken already (or twice in the list) rolls the whole
     * import back.
     *
     * @throws DuplicateUserException naming the first name that is taken
     * @throws InvalidInputException if a name or a role is not acceptable
     */
    public int importUsers(List<ImportedUser> users) {
        return Math.toIntExact(importUsers(users.iterator(), inserted -> { }));
    }

    /**
     * Adds the users as {@code users} yields them, in batches of {@value #IMPORT_BATCH}, in one transaction:
     * every one of them, or none. Only one batch is held, so a file of millions streams through. A batch that
     * meets a taken name is rolled back to its savepoint and inserted again row by row, to name the user. The
     * accounts get time-ordered ids ({@link TimeOrderedIds}), so that the inserts append to the key's index.
     *
     * @param progress told how many are inserted so far, after each batch
     * @return how many were inserted
     * @throws DuplicateUserException naming the first name that is taken, by an existing user or an earlier one
     * @throws InvalidInputException if a name or a role is not acceptable
     */
    public long importUsers(Iterator<ImportedUser> users, LongConsumer progress) {
        long now = clock.millis();
        TimeOrderedIds ids = new TimeOrderedIds(now, new java.security.SecureRandom());
        try (Connection c = dataSource.getConnection()) {
            return Transactions.run(c, tx -> {
                long inserted = 0;
                List<ImportedUser> batch = new ArrayList<>(IMPORT_BATCH);
                try (PreparedStatement s = tx.prepareStatement(INSERT)) {
                    while (users.hasNext()) {
                        batch.add(users.next());
                        if (batch.size() == IMPORT_BATCH || !users.hasNext()) {
                            insertBatch(tx, s, batch, ids, now);
                            inserted += batch.size();
                            batch.clear();
                            progress.accept(inserted);
                        }
                    }
                }
                return inserted;
            });
        } catch (SQLException e) {
            throw SqlFailures.failure("import users", e);
        }
    }

    private static void insertBatch(Connection tx, PreparedStatement s, List<ImportedUser> batch,
            TimeOrderedIds ids, long now) throws SQLException {
        Savepoint before = tx.setSavepoint();
        try {
            for (ImportedUser user : batch) {
                bind(s, ids.next(), user, now);
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            if (!SqlFailures.isConstraintViolation(e) && !isConstraintViolation(e.getNextException())) {
                throw e;
            }
            s.clearBatch();
            tx.rollback(before); // PostgreSQL refuses every statement after a failed one until then
            for (ImportedUser user : batch) {
                insert(s, ids.next(), user, now); // throws on the taken name (unless a concurrent delete freed it)
            }
        }
        tx.releaseSavepoint(before);
    }

    private static boolean isConstraintViolation(SQLException e) {
        return e != null && SqlFailures.isConstraintViolation(e);
    }

    /** Checks and inserts one user with the {@link #INSERT} statement; a taken name is a typed failure. */
    private static UserAccount insert(PreparedStatement s, String id, ImportedUser user, long now)
            throws SQLException {
        UserAccount account = bind(s, id, user, now);
        try {
            s.executeUpdate();
        } catch (SQLException e) {
            if (SqlFailures.isConstraintViolation(e)) {
                throw new DuplicateUserException(user.username());
            }
            throw e;
        }
        return account;
    }

    /** Checks one user and sets the {@link #INSERT} statement's parameters to it, with the id {@code id}. */
    private static UserAccount bind(PreparedStatement s, String id, ImportedUser user, long now) throws SQLException {
        String normalized = Usernames.checkedNormalize(user.username());
        List<String> roles = Roles.checked(user.roles());
        UserAccount account = new UserAccount(id, user.username(), roles, true);
        s.setString(1, account.id());
        s.setString(2, user.username());
        s.setString(3, normalized);
        s.setString(4, user.passwordHash());
        s.setString(5, String.join(",", roles));
        s.setBoolean(6, true);
        s.setLong(7, now);
        s.setLong(8, now);
        String email = io.netauth.core.Emails.checked(user.email());
        s.setString(9, email);
        s.setBoolean(10, email != null && user.emailVerified());
        s.setString(11, Usernames.confusableKey(normalized));
        return account;
    }

    @Override
    public Optional<UserAccount> findAccount(String username) {
        return credentials.findByUsername(Usernames.normalize(username)).map(StoredCredential::account);
    }

    /**
     * Sets a new password hash and, in the same transaction, revokes the user's refresh tokens: whoever knew
     * the old password must not stay logged in.
     */
    @Override
    public boolean setPasswordHash(String username, String passwordHash) {
        return change(username, "set a password", null, false, (tx, target, now) -> {
            try (PreparedStatement s = tx.prepareStatement(SET_HASH)) {
                s.setString(1, passwordHash);
                s.setLong(2, now);
                s.setString(3, target.normalized);
                s.executeUpdate();
            }
            revokeRefreshTokens(tx, target.normalized, now);
            endBrowserSessions(tx, target.normalized, now);
        });
    }

    /**
     * Enables or disables a user. Disabling also revokes the user's refresh tokens, ends their browser sessions and
     * records that their access tokens are refused ({@link Change#USER_TOKENS_REVOKED}), in the same transaction.
     */
    @Override
    public boolean setEnabled(String username, boolean enabled) {
        return setEnabled(username, enabled, null);
    }

    /** As {@link #setEnabled(String, boolean)}; with {@code keptRole}, refuses to disable its last enabled holder. */
    @Override
    public boolean setEnabled(String username, boolean enabled, String keptRole) {
        return change(username, "enable or disable a user", keptRole, !enabled, (tx, target, now) -> {
            try (PreparedStatement s = tx.prepareStatement(SET_ENABLED)) {
                s.setBoolean(1, enabled);
                s.setLong(2, now);
                s.setString(3, target.normalized);
                s.executeUpdate();
            }
            if (!enabled) {
                revokeRefreshTokens(tx, target.normalized, now);
                endBrowserSessions(tx, target.normalized, now);
                record(tx, Change.USER_TOKENS_REVOKED, target.id, now, now + TOKENS_DENIED_MS);
            }
        });
    }

    /**
     * Replaces the roles. Taking a role away also records that the user's access tokens are refused
     * ({@link Change#USER_TOKENS_REVOKED}), in the same transaction: they carry the old roles. Refresh tokens stay
     * valid, since a refresh reads the roles again.
     */
    @Override
    public boolean setRoles(String username, List<String> roles) {
        return setRoles(username, roles, null);
    }

    /** As {@link #setRoles(String, List)}; with {@code keptRole}, refuses to take it from its last enabled holder. */
    @Override
    public boolean setRoles(String username, List<String> roles, String keptRole) {
        List<String> checked = Roles.checked(roles);
        return change(username, "set roles", keptRole, keptRole != null && !checked.contains(keptRole),
                (tx, target, now) -> {
                    try (PreparedStatement s = tx.prepareStatement(SET_ROLES)) {
                        s.setString(1, String.join(",", checked));
                        s.setLong(2, now);
                        s.setString(3, target.normalized);
                        s.executeUpdate();
                    }
                    if (!checked.containsAll(target.roles)) {
                        record(tx, Change.USER_TOKENS_REVOKED, target.id, now, now + TOKENS_DENIED_MS);
                    }
                });
    }

    @Override
    public boolean setEmail(String username, String email, boolean verified) {
        String checked = io.netauth.core.Emails.checked(email);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SET_EMAIL)) {
            s.setString(1, checked);
            s.setBoolean(2, checked != null && verified);
            s.setLong(3, clock.millis());
            s.setString(4, Usernames.normalize(username));
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw SqlFailures.failure("set an email address", e);
        }
    }

    /**
     * Deletes the user, its refresh tokens and browser sessions, and records that its access tokens are refused
     * ({@link Change#USER_TOKENS_REVOKED}), in one transaction.
     */
    @Override
    public boolean deleteUser(String username) {
        return deleteUser(username, null);
    }

    /** As {@link #deleteUser(String)}; with {@code keptRole}, refuses to delete its last enabled holder. */
    @Override
    public boolean deleteUser(String username, String keptRole) {
        return change(username, "delete a user", keptRole, true, (tx, target, now) -> {
            endBrowserSessions(tx, target.normalized, now); // the rows go with the user; caches learn it
            record(tx, Change.USER_TOKENS_REVOKED, target.id, now, now + TOKENS_DENIED_MS);
            try (PreparedStatement sessions = tx.prepareStatement(DELETE_SESSIONS);
                    PreparedStatement user = tx.prepareStatement(DELETE_USER)) {
                sessions.setString(1, target.normalized);
                sessions.executeUpdate();
                user.setString(1, target.normalized);
                user.executeUpdate();
            }
        });
    }

    /** Revokes the user's refresh tokens and ends their browser sessions, on every process. */
    @Override
    public boolean endSessions(String username) {
        if (findAccount(username).isEmpty()) {
            return false;
        }
        String normalized = Usernames.normalize(username);
        long now = clock.millis();
        try (Connection c = dataSource.getConnection()) {
            return Transactions.run(c, tx -> {
                revokeRefreshTokens(tx, normalized, now);
                endBrowserSessions(tx, normalized, now);
                return true;
            });
        } catch (SQLException e) {
            throw SqlFailures.failure("end a user's sessions", e);
        }
    }

    /**
     * Gives an account a name that passes {@link Usernames#checkedNormalize}, for one whose name an older rule let
     * in; the id, password and everything else stay. Its refresh tokens are revoked and its browser sessions end
     * in the same transaction, on every process, since they carry the old name; access tokens keep it until they
     * expire.
     *
     * @return whether an account had the old name
     * @throws DuplicateUserException if the new name is taken, or looks like a taken one
     * @throws InvalidInputException if the new name is not acceptable
     */
    public boolean renameUser(String username, String newUsername) {
        String normalized = Usernames.checkedNormalize(newUsername);
        String old = Usernames.normalize(username);
        long now = clock.millis();
        try (Connection c = dataSource.getConnection()) {
            return Transactions.run(c, tx -> {
                try (PreparedStatement s = tx.prepareStatement(RENAME);
                        PreparedStatement revoke = tx.prepareStatement(REVOKE_SESSIONS)) {
                    revoke.setLong(1, now);
                    revoke.setString(2, old);
                    revoke.executeUpdate();
                    endBrowserSessions(tx, old, now);
                    s.setString(1, newUsername);
                    s.setString(2, normalized);
                    s.setString(3, Usernames.confusableKey(normalized));
                    s.setLong(4, now);
                    s.setString(5, old);
                    try {
                        return s.executeUpdate() == 1;
                    } catch (SQLException e) {
                        if (SqlFailures.isConstraintViolation(e)) {
                            throw new DuplicateUserException(newUsername);
                        }
                        throw e;
                    }
                }
            });
        } catch (SQLException e) {
            throw SqlFailures.failure("rename a user", e);
        }
    }

    /**
     * Records the confusable key of every account that has none (made before keys were kept), a page of
     * {@value #IMPORT_BATCH} per transaction; a page that meets a key taken already is redone one row at a time,
     * and the account that looks like another keeps none instead of failing the rest. Blocks; run at start.
     *
     * @return how many accounts got one
     */
    public int fillConfusableKeys() {
        int filled = 0;
        String after = "";
        try (Connection c = dataSource.getConnection()) {
            while (true) {
                List<String[]> page = new ArrayList<>(IMPORT_BATCH);
                try (PreparedStatement s = c.prepareStatement(WITHOUT_CONFUSABLE_KEY)) {
                    s.setString(1, after);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            page.add(new String[] {r.getString(1), r.getString(2)});
                        }
                    }
                }
                if (page.isEmpty()) {
                    return filled;
                }
                after = page.get(page.size() - 1)[0];
                filled += fillPage(c, page);
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("record confusable keys", e);
        }
    }

    private static int fillPage(Connection c, List<String[]> page) throws SQLException {
        try {
            return Transactions.run(c, tx -> {
                try (PreparedStatement s = tx.prepareStatement(SET_CONFUSABLE_KEY)) {
                    for (String[] row : page) {
                        s.setString(1, Usernames.confusableKey(row[1]));
                        s.setString(2, row[0]);
                        s.addBatch();
                    }
                    int[] counts = s.executeBatch();
                    return (int) java.util.Arrays.stream(counts).filter(n -> n > 0).count();
                }
            });
        } catch (SQLException e) {
            if (!SqlFailures.isConstraintViolation(e) && !isConstraintViolation(e.getNextException())) {
                throw e;
            }
        }
        int filled = 0;
        c.setAutoCommit(true); // PostgreSQL refuses every statement of a transaction after a failed one
        try (PreparedStatement s = c.prepareStatement(SET_CONFUSABLE_KEY)) {
            for (String[] row : page) {
                s.setString(1, Usernames.confusableKey(row[1]));
                s.setString(2, row[0]);
                try {
                    filled += s.executeUpdate();
                } catch (SQLException e) {
                    if (!SqlFailures.isConstraintViolation(e)) {
                        throw e;
                    }
                }
            }
        }
        return filled;
    }

    /** Every user, ordered by normalised name. */
    public List<UserAccount> listUsers() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(LIST);
                ResultSet r = s.executeQuery()) {
            List<UserAccount> users = new ArrayList<>();
            while (r.next()) {
                users.add(JdbcCredentialStore.account(r));
            }
            return users;
        } catch (SQLException e) {
            throw SqlFailures.failure("list users", e);
        }
    }

    /** Ends the user's browser sessions and records the change for every process, in the caller's transaction. */
    private static void endBrowserSessions(Connection tx, String normalized, long now) throws SQLException {
        try (PreparedStatement end = tx.prepareStatement(END_BROWSER_SESSIONS);
                PreparedStatement record = tx.prepareStatement(RECORD_SESSIONS_ENDED)) {
            end.setLong(1, now);
            end.setString(2, normalized);
            end.executeUpdate();
            record.setLong(1, now);
            record.setLong(2, now + java.time.Duration.ofDays(1).toMillis());
            record.setString(3, normalized);
            record.executeUpdate();
        }
    }

    /**
     * One change of an account, in one transaction: locks the account (after every possible holder of
     * {@code keptRole}, when there is one), refuses the change when it would take the role from its last enabled
     * holder, runs {@code work}, and records {@link Change#ACCOUNT_CHANGED}. Answers whether the account exists.
     *
     * @param removesKeptRole whether the change takes {@code keptRole} away (a disable, a delete, new roles
     *                        without it), if the account holds it and is enabled
     */
    private boolean change(String username, String action, String keptRole, boolean removesKeptRole,
            AccountWork work) {
        long now = clock.millis();
        String normalized = Usernames.normalize(username);
        try (Connection c = dataSource.getConnection()) {
            return Transactions.run(c, tx -> {
                if (keptRole != null) {
                    lockHolders(tx, keptRole);
                }
                Target target = lock(tx, normalized);
                if (target == null) {
                    return false;
                }
                if (keptRole != null && removesKeptRole && target.enabled && target.roles.contains(keptRole)
                        && enabledHolders(tx, keptRole) <= 1) {
                    throw new LastRoleHolderException(username, keptRole);
                }
                work.run(tx, target, now);
                record(tx, Change.ACCOUNT_CHANGED, target.id, now, now + ACCOUNT_CHANGE_KEPT_MS);
                return true;
            });
        } catch (SQLException e) {
            throw SqlFailures.failure(action, e);
        }
    }

    private static void lockHolders(Connection tx, String role) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(LOCK_HOLDERS)) {
            s.setString(1, "%" + role + "%");
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    // each row read is locked until the transaction ends
                }
            }
        }
    }

    private static Target lock(Connection tx, String normalized) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(LOCK_TARGET)) {
            s.setString(1, normalized);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? new Target(r.getString(1), normalized, roles(r.getString(2)), r.getBoolean(3))
                        : null;
            }
        }
    }

    /** Read after the locks: every change that took the role away before this one is committed and seen. */
    private static int enabledHolders(Connection tx, String role) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(HOLDERS)) {
            s.setString(1, "%" + role + "%");
            int holders = 0;
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (roles(r.getString(1)).contains(role)) {
                        holders++;
                    }
                }
            }
            return holders;
        }
    }

    private static List<String> roles(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }

    private static void record(Connection tx, String kind, String subject, long now, long expiresAt)
            throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(RECORD_CHANGE)) {
            s.setString(1, kind);
            s.setString(2, subject);
            s.setLong(3, now);
            s.setLong(4, expiresAt);
            s.executeUpdate();
        }
    }

    private static void revokeRefreshTokens(Connection tx, String normalized, long now) throws SQLException {
        try (PreparedStatement revoke = tx.prepareStatement(REVOKE_SESSIONS)) {
            revoke.setLong(1, now);
            revoke.setString(2, normalized);
            revoke.executeUpdate();
        }
    }

    /** An account as a guarded change found it, locked. */
    private record Target(String id, String normalized, List<String> roles, boolean enabled) {
    }

    @FunctionalInterface
    private interface AccountWork {
        void run(Connection tx, Target target, long now) throws SQLException;
    }
}
