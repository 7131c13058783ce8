package io.netauth.core.oidc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where authorization codes, consents and the users' email live. Threading: blocking and thread-safe; the server
 * calls it only from its {@code blockingExecutor}.
 */
public interface OidcStore {

    /** Stores a new, unspent code. */
    void saveCode(StoredCode code);

    /** The code with this digest, spent or not, or empty. */
    Optional<StoredCode> findCode(String codeHash);

    /**
     * Spends the code if it is unspent and unexpired at {@code now}, recording in the same write the access token
     * and refresh family it is exchanged for; answers whether this call spent it. Of two processes spending one
     * code, exactly one wins.
     */
    boolean spendCode(String codeHash, Instant now, String accessTokenId, Instant accessExpiresAt, String familyId);

    /** Deletes the codes that expired before {@code before}; answers how many. */
    int purgeCodes(Instant before);

    /** The scopes the user granted the client on the consent page; empty when never asked. */
    List<String> consentedScopes(String userId, String clientId);

    /** Records the scopes the user granted the client, replacing an earlier answer. */
    void saveConsent(String userId, String clientId, List<String> scopes, Instant at);

    /** The user's email and when the account changed; empty for an unknown user. */
    Optional<Profile> profile(String userId);
}
