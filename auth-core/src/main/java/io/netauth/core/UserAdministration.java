package io.netauth.core;

import io.netauth.core.mfa.MfaStore;
import io.netauth.core.internal.Offload;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Administration of users for an admin API: create, disable, enable, delete, set roles, reset a password.
 * Directory calls run on the {@code blockingExecutor} and password hashes on the {@code hashingExecutor};
 * every change is written to the audit log with who made it. Failures: {@link NoSuchUserException},
 * {@link DuplicateUserException}, {@link InvalidInputException} for a name or role the directory refuses,
 * {@link LastRoleHolderException} for a change that would leave no enabled account with the kept role (the admin
 * API's), {@link OverloadedException} and {@link StoreUnavailableException}. With a change feed, each change is read
 * back from the feed before the call completes, so that this process refuses the tokens it revoked at once, and the
 * others within their sync interval. Never blocks the caller; thread-safe.
 */
public final class UserAdministration {

    private static final Logger log = LoggerFactory.getLogger(UserAdministration.class);

    private final UserDirectory directory;
    private final PasswordHasher hasher;
    private final Executor blockingExecutor;
    private final Executor hashingExecutor;
    private final PasswordPolicy policy;
    private final MfaStore mfaStore;
    private final String keptRole;
    private final ChangeFeed changes;

    /** With the default {@link PasswordPolicy}. */
    public UserAdministration(UserDirectory directory, PasswordHasher hasher, Executor blockingExecutor,
            Executor hashingExecutor) {
        this(directory, hasher, blockingExecutor, hashingExecutor, PasswordPolicy.defaults());
    }

    /** New passwords must pass {@code policy}; a refusal fails the call with {@link WeakPasswordException}. */
    public UserAdministration(UserDirectory directory, PasswordHasher hasher, Executor blockingExecutor,
            Executor hashingExecutor, PasswordPolicy policy) {
        this(directory, hasher, blockingExecutor, hashingExecutor, policy, null);
    }

    /** As the constructor above, and able to remove second factors from {@code mfaStore} (may be null). */
    public UserAdministration(UserDirectory directory, PasswordHasher hasher, Executor blockingExecutor,
            Executor hashingExecutor, PasswordPolicy policy, MfaStore mfaStore) {
        this(directory, hasher, blockingExecutor, hashingExecutor, policy, mfaStore, null, null);
    }

    /**
     * As the constructor above; a disable, a delete or new roles that would leave no enabled account with
     * {@code keptRole} (may be null) fail with {@link LastRoleHolderException}, and each change is read back from
     * {@code changes} (may be null) before the call completes.
     */
    public UserAdministration(UserDirectory directory, PasswordHasher hasher, Executor blockingExecutor,
            Executor hashingExecutor, PasswordPolicy policy, MfaStore mfaStore, String keptRole,
            ChangeFeed changes) {
        this.keptRole = keptRole;
        this.changes = changes;
        this.mfaStore = mfaStore;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor");
        this.hashingExecutor = Objects.requireNonNull(hashingExecutor, "hashingExecutor");
    }

    /** Adds an enabled user; {@code by} describes who asks, for the audit line. */
    public CompletableFuture<UserAccount> create(String username, String password, List<String> roles, String by) {
        return hashed(password, username)
                .thenCompose(hash -> blocking(() -> directory.createUser(username, hash, roles)))
                .thenApply(user -> {
                    LoginAudit.admin("create", user.username(), by);
                    return user;
                });
    }

    /** Disables (ending the user's sessions and revoking its access tokens) or enables a user. */
    public CompletableFuture<Void> setEnabled(String username, boolean enabled, String by) {
        return change(() -> directory.setEnabled(username, enabled, keptRole), enabled ? "enable" : "disable",
                username, by);
    }

    /** Sets or, with {@code null}, removes the user's email address, and whether it is verified. */
    public CompletableFuture<Void> setEmail(String username, String email, boolean verified, String by) {
        return change(() -> directory.setEmail(username, email, verified), "set_email verified=" + verified,
                username, by);
    }

    /**
     * Replaces the user's roles; they reach tokens at the next login or refresh. Taking a role away revokes the
     * user's access tokens, which carry it.
     */
    public CompletableFuture<Void> setRoles(String username, List<String> roles, String by) {
        return change(() -> directory.setRoles(username, roles, keptRole), "set_roles " + roles, username, by);
    }

    /** Sets a new password and ends the user's sessions. */
    public CompletableFuture<Void> resetPassword(String username, String password, String by) {
        return hashed(password, username).thenCompose(hash -> change(() -> directory.setPasswordHash(username, hash),
                "reset_password", username, by));
    }

    /** Deletes the user and its sessions, and revokes its access tokens. */
    public CompletableFuture<Void> delete(String username, String by) {
        return change(() -> directory.deleteUser(username, keptRole), "delete", username, by);
    }

    /**
     * Removes the user's second factor and recovery codes (one who lost them signs in with the password again)
     * and ends the user's sessions; succeeds whether or not there was a factor. Fails with {@link NoSuchUserException} for an unknown user.
     */
    public CompletableFuture<Void> resetSecondFactor(String username, String by) {
        if (mfaStore == null) {
            throw new IllegalStateException("second factors need an MfaStore");
        }
        // Whoever held the factor may hold a session made with it: every session of the user ends too.
        return change(() -> directory.findAccount(username).map(user -> {
            mfaStore.removeTotp(user.id());
            return directory.endSessions(username);
        }).orElse(false), "mfa_reset", username, by);
    }

    /** The audit line of an administrative change made outside this class (the CLI's). */
    public static void audit(String action, String username, String by) {
        LoginAudit.admin(action, username, by);
    }

    private CompletableFuture<Void> change(Supplier<Boolean> work, String action, String username, String by) {
        return blocking(() -> {
            boolean found;
            try {
                found = work.get();
            } catch (LastRoleHolderException e) {
                LoginAudit.admin(action + " refused=last_role_holder", username, by); // an attempt worth seeing
                throw e;
            }
            if (found && changes != null) {
                try {
                    changes.poll();
                } catch (RuntimeException e) {
                    // Done and recorded: the maintenance thread's next read of the feed applies it here.
                    log.warn("Reading back an account change failed; it applies at the next read: {}", e.toString());
                }
            }
            return found;
        }).thenApply(found -> {
            if (!found) {
                throw new NoSuchUserException();
            }
            LoginAudit.admin(action, username, by);
            return null;
        });
    }

    /** The policy first (a binary search, on the caller's thread), then the hash on the hashing pool. */
    private CompletableFuture<String> hashed(String password, String username) {
        try {
            policy.check(password, username);
        } catch (WeakPasswordException e) {
            return CompletableFuture.failedFuture(e);
        }
        return Offload.to(hashingExecutor, "hashingExecutor", () -> hasher.hash(password));
    }

    private <T> CompletableFuture<T> blocking(Supplier<T> work) {
        return Offload.to(blockingExecutor, "blockingExecutor", work);
    }
}
