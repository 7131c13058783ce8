package io.netauth.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where refresh token families and the digests of their tokens live. Every rule that must hold across
 * server processes (one spend per token, revocation) is a conditional write here, not a lock in a JVM.
 *
 * <p>Threading: blocking and thread-safe; called only from the server's {@code blockingExecutor}.
 */
public interface RefreshTokenStore {

    /**
     * Starts a family with its first token; {@code clientId} is the OAuth client it is issued to, or {@code null};
     * {@code amr} how the user signed in (RFC 8176), which every access token of the family carries.
     */
    default void createFamily(String familyId, String userId, String clientId, List<String> amr, Instant createdAt,
            Instant familyExpiresAt, String tokenHash, Instant tokenExpiresAt) {
        createFamily(familyId, userId, clientId, amr, List.of(), createdAt, familyExpiresAt, tokenHash,
                tokenExpiresAt);
    }

    /** As above, for a family granted {@code scopes} by the authorization code flow, which every refresh keeps. */
    void createFamily(String familyId, String userId, String clientId, List<String> amr, List<String> scopes,
            Instant createdAt, Instant familyExpiresAt, String tokenHash, Instant tokenExpiresAt);

    /** The token with this digest and its family, or empty. */
    Optional<StoredRefreshToken> find(String tokenHash);

    /**
     * Atomically marks the token spent and adds its successor to the same family, if and only if the token
     * was unspent and its family unrevoked: of two concurrent calls for one token, exactly one succeeds.
     *
     * @return whether this call spent the token
     */
    boolean spendAndReplace(String tokenHash, Instant spentAt, String newTokenHash, Instant newTokenExpiresAt);

    /** Revokes a family: none of its tokens refreshes again. */
    void revokeFamily(String familyId, Instant at);

    /** Revokes every family of a user; answers how many were still live. */
    int revokeUser(String userId, Instant at);

    /** Deletes families that expired or were revoked before {@code before}, and tokens idle-expired before it. */
    int purge(Instant before);
}
