package io.netauth.core.oidc;

import java.time.Instant;
import java.util.List;

/**
 * An authorization code as the store holds it: by its digest, with what it was issued for, and, once spent, the
 * tokens it was exchanged for.
 *
 * @param codeHash        SHA-256 of the code
 * @param clientId        the client it was issued to
 * @param userId          the user who authorized it
 * @param redirectUri     the redirect URI of its request, which the exchange must repeat
 * @param scopes          the scopes granted
 * @param nonce           the request's {@code nonce}, or {@code null}
 * @param codeChallenge   the PKCE S256 challenge, or {@code null}
 * @param amr             how the user signed in
 * @param authTime        when the user signed in
 * @param expiresAt       when it stops being redeemable
 * @param spentAt         when it was redeemed, or {@code null}
 * @param accessTokenId   the {@code jti} of the access token it was exchanged for, or {@code null}
 * @param accessExpiresAt until when that access token is valid, or {@code null}
 * @param familyId        the refresh token family started from it, or {@code null}
 */
public record StoredCode(String codeHash, String clientId, String userId, String redirectUri, List<String> scopes,
        String nonce, String codeChallenge, List<String> amr, Instant authTime, Instant expiresAt, Instant spentAt,
        String accessTokenId, Instant accessExpiresAt, String familyId) {

    public StoredCode {
        scopes = List.copyOf(scopes);
        amr = List.copyOf(amr);
    }

    @Override
    public String toString() {
        return "StoredCode[client=" + clientId + ", user=" + userId + ']';
    }
}
