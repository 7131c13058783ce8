package io.netauth.core.oidc;

import java.time.Instant;

/**
 * A redeemed code, as its spending recorded it: what it was exchanged for, so that a second presentation can
 * revoke it (RFC 6749 section 4.1.2).
 *
 * @param clientId        the client that redeemed it
 * @param userId          the user it was issued for
 * @param accessTokenId   the {@code jti} of the access token it gave
 * @param accessExpiresAt until when that access token is valid at the latest
 * @param familyId        the refresh token family it started, or {@code null}
 */
public record SpentCode(String clientId, String userId, String accessTokenId, Instant accessExpiresAt,
        String familyId) {
}
