package io.netauth.core;

import java.util.Optional;

/**
 * Where accounts and their password hashes live. Implement it over an existing user table to embed the
 * server in an application that already has users.
 *
 * <p>When a password changes or an account is disabled outside this server, call
 * {@link RefreshTokenStore#revokeUser} so that the user's sessions end too; the JDBC store does it itself.
 *
 * <p>Threading: implementations are blocking (JDBC, a remote call) and must be thread-safe. The server only
 * calls them from its {@code blockingExecutor}, never from an event loop.
 */
public interface CredentialStore {

    /**
     * Finds the account whose normalised username ({@link Usernames#normalize}) equals the argument.
     *
     * @throws StoreUnavailableException when the store cannot answer
     */
    Optional<StoredCredential> findByUsername(String normalizedUsername);

    /**
     * Finds an account by its id, for a refresh: the roles and the enabled flag are read again each time.
     *
     * @throws StoreUnavailableException when the store cannot answer
     */
    Optional<UserAccount> findById(String userId);

    /**
     * Replaces a password hash only if it still equals {@code expectedHash}: a compare-and-set, so that a
     * password change landing between a login's check and its rehash wins over the rehash.
     *
     * @return {@code true} if the hash was replaced; {@code false} if it had changed meanwhile, or if the
     *     store does not support rehashing
     * @throws StoreUnavailableException when the store cannot answer
     */
    boolean replacePasswordHash(String userId, String expectedHash, String newHash);
}
