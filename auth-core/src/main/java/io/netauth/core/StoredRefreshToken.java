package io.netauth.core;

import java.time.Instant;
import java.util.List;

/**
 * A stored refresh token with its family's state.
 *
 * @param tokenHash       SHA-256 of the token value, lower-case hex
 * @param familyId        the login session this token belongs to
 * @param userId          the account
 * @param expiresAt       the token's idle expiry
 * @param familyExpiresAt the family's absolute expiry
 * @param spentAt         when it was exchanged, or {@code null}
 * @param revokedAt       when its family was revoked, or {@code null}
 * @param clientId        the OAuth client the family was issued to, or {@code null} for the JSON login
 * @param amr             how the user signed in when the family started (RFC 8176)
 * @param scopes          the scopes granted to {@code clientId} in the authorization code flow; empty otherwise
 */
public record StoredRefreshToken(String tokenHash, String familyId, String userId, Instant expiresAt,
        Instant familyExpiresAt, Instant spentAt, Instant revokedAt, String clientId, List<String> amr, List<String> scopes) {

    public StoredRefreshToken {
        amr = List.copyOf(amr);
        scopes = List.copyOf(scopes);
    }

    /** A token of a family without scopes. */
    public StoredRefreshToken(String tokenHash, String familyId, String userId, Instant expiresAt,
            Instant familyExpiresAt, Instant spentAt, Instant revokedAt, String clientId, List<String> amr) {
        this(tokenHash, familyId, userId, expiresAt, familyExpiresAt, spentAt, revokedAt, clientId, amr, List.of());
    }
}
