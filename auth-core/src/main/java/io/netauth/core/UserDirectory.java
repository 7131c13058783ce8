package io.netauth.core;

import java.util.List;
import java.util.Optional;

/**
 * Administration of the accounts a {@link CredentialStore} holds, for {@link UserAdministration}. Changing a password,
 * disabling or deleting an account also ends its sessions (revokes its refresh tokens). Disabling or deleting an
 * account, or taking a role from it, should also record {@link Change#USER_TOKENS_REVOKED} (and every change of roles
 * or of the enabled flag {@link Change#ACCOUNT_CHANGED}) in the change feed, so that every process refuses its
 * access tokens and forgets its cached copy; the JDBC directory does both in the change's transaction.
 *
 * <p>Threading: blocking and thread-safe; the server calls it only from its {@code blockingExecutor}.
 */
public interface UserDirectory {

    /**
     * Adds an enabled user.
     *
     * @throws DuplicateUserException if the normalised name is taken
     * @throws InvalidInputException if the name or a role is not acceptable
     */
    UserAccount createUser(String username, String passwordHash, List<String> roles);

    /** The account of a name (matched after normalisation). */
    Optional<UserAccount> findAccount(String username);

    /** {@code false} if there is no such user. */
    boolean setPasswordHash(String username, String passwordHash);

    /** {@code false} if there is no such user. */
    boolean setEnabled(String username, boolean enabled);

    /**
     * Replaces the roles; {@code false} if there is no such user.
     *
     * @throws InvalidInputException if a role is not acceptable
     */
    boolean setRoles(String username, List<String> roles);

    /** Deletes the user and its sessions; {@code false} if there is no such user. */
    boolean deleteUser(String username);

    /**
     * As {@link #setEnabled(String, boolean)}, but refuses to disable the last enabled account with
     * {@code keptRole}. The default checks nothing: a directory that cannot see the other accounts cannot keep the
     * rule, and one that can should override the three guarded methods and decide in one transaction, so that two
     * concurrent changes cannot both pass (the JDBC directory does).
     *
     * @throws LastRoleHolderException if the user is the last enabled account with {@code keptRole}
     */
    default boolean setEnabled(String username, boolean enabled, String keptRole) {
        return setEnabled(username, enabled);
    }

    /**
     * As {@link #setRoles(String, List)}, but refuses to take {@code keptRole} from its last enabled holder; see
     * {@link #setEnabled(String, boolean, String)}.
     *
     * @throws LastRoleHolderException if the user is the last enabled account with {@code keptRole}
     */
    default boolean setRoles(String username, List<String> roles, String keptRole) {
        return setRoles(username, roles);
    }

    /**
     * As {@link #deleteUser(String)}, but refuses to delete the last enabled account with {@code keptRole}; see
     * {@link #setEnabled(String, boolean, String)}.
     *
     * @throws LastRoleHolderException if the user is the last enabled account with {@code keptRole}
     */
    default boolean deleteUser(String username, String keptRole) {
        return deleteUser(username);
    }

    /**
     * Sets the user's email address ({@code null} removes it) and whether it is verified; answers whether the user
     * exists.
     *
     * @throws InvalidInputException for an address that is not one
     */
    boolean setEmail(String username, String email, boolean verified);

    /**
     * Ends every session of the user (refresh tokens and browser sessions), as an administrator's reset of a
     * factor must; answers whether the user exists. Without sessions to end, nothing happens.
     */
    default boolean endSessions(String username) {
        return findAccount(username).isPresent();
    }
}
