package io.netauth.core;

import java.time.Instant;
import java.util.List;

/**
 * The claims of an access token whose signature, issuer, audience and lifetime were checked.
 *
 * @param subject   {@code sub}: the account id
 * @param username  {@code preferred_username}
 * @param roles     {@code roles}
 * @param issuer    {@code iss}
 * @param audience  {@code aud}
 * @param issuedAt  {@code iat}
 * @param expiresAt {@code exp}
 * @param tokenId   {@code jti}
 */
public record VerifiedToken(String subject, String username, List<String> roles, String issuer,
        List<String> audience, Instant issuedAt, Instant expiresAt, String tokenId) {

    public VerifiedToken {
        roles = List.copyOf(roles);
        audience = List.copyOf(audience);
    }
}
