package io.netauth.core.client;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where clients and the {@code jti}s of spent client assertions live. Threading: blocking and thread-safe; the
 * server calls it only from its {@code blockingExecutor}.
 */
public interface ClientStore {

    Optional<StoredClient> findById(String clientId);

    Optional<StoredClient> findByName(String name);

    /** Every client, by name. */
    List<OAuthClient> list();

    /**
     * Adds a client.
     *
     * @throws io.netauth.core.InvalidInputException if the name or the id is taken
     */
    void insert(OAuthClient client, String secretHash);

    /** Sets a new secret digest, keeping the old one valid until {@code previousExpiresAt}; answers whether the client exists. */
    boolean replaceSecret(String clientId, String secretHash, String previousSecretHash, Instant previousExpiresAt);

    /** Answers whether the client exists. */
    boolean setEnabled(String clientId, boolean enabled);

    /** Whether the client may leave PKCE out ({@link CodeFlow#pkceOptional()}); answers whether it exists. */
    boolean setPkceOptional(String clientId, boolean optional);

    /** Answers whether the client existed. */
    boolean delete(String clientId);

    /**
     * Revokes, at {@code at}, every refresh token family issued to the client, as a disable or a removal must;
     * answers how many. The default revokes none: for a store whose refresh tokens live elsewhere.
     */
    default int revokeRefreshTokens(String clientId, Instant at) {
        return 0;
    }

    /**
     * Records the {@code jti} of an assertion until it expires; answers {@code false} when the same client already
     * used it: the one write decides between two processes.
     */
    boolean spendAssertion(String clientId, String jti, Instant expiresAt);

    /** Forgets the assertions that expired before {@code before}; answers how many. */
    int purgeAssertions(Instant before);
}
