package io.netauth.core.oidc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the authorization code flow keeps what must outlive a request: the spending of codes, consents and the
 * users' email; and how codes are sealed. Threading: the code methods that write or read are blocking and run on
 * the server's {@code blockingExecutor}; sealing and opening are CPU only. Thread-safe.
 */
public interface OidcStore {

    /** The code for this grant: the grant sealed, authenticated and bound to its purpose; writes nothing. */
    String sealCode(IssuedCode code);

    /** The grant a code stands for, if this server sealed it and nobody altered it; expiry is not checked. */
    Optional<IssuedCode> openCode(String code);

    /**
     * Seals what the consent page hands the browser to bring back with the answer (the request it shows, and whom
     * and when it was shown to), bound to that purpose, so that the answer is to exactly the request that was shown
     * and to no other; writes nothing. CPU only.
     */
    String sealConsent(byte[] form);

    /** What {@link #sealConsent} sealed, if this server sealed it and nobody altered it. CPU only. */
    Optional<byte[]> openConsent(String sealed);

    /**
     * Records the spending of the code with digest {@code codeHash}, with what it is exchanged for; answers
     * {@code false} when it was spent before. Of two processes spending one code, exactly one wins (one
     * {@code INSERT} that the primary key refuses the second time).
     *
     * @param codeExpiresAt the code's own expiry, after which the record can be purged a day later
     */
    boolean spendCode(String codeHash, SpentCode spent, Instant spentAt, Instant codeExpiresAt);

    /** How the code with this digest was spent, or empty if it was not. */
    Optional<SpentCode> findSpent(String codeHash);

    /** Deletes the records of codes that expired before {@code before}; answers how many. */
    int purgeCodes(Instant before);

    /** The scopes the user granted the client on the consent page; empty when never asked. */
    List<String> consentedScopes(String userId, String clientId);

    /** Records the scopes the user granted the client, replacing an earlier answer. */
    void saveConsent(String userId, String clientId, List<String> scopes, Instant at);

    /** The user's account, email and when the account changed; empty for an unknown user. */
    Optional<Profile> profile(String userId);
}
