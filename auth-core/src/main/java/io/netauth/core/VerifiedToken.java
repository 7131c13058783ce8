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
 * @param clientId  {@code client_id} of a token issued to an OAuth client (RFC 9068), or {@code null} for a user's
 *                  token from the JSON login
 * @param scopes    the space-separated {@code scope} claim, split; empty when absent
 * @param amr       {@code amr} (RFC 8176): how the user signed in; empty when absent (a client's token)
 */
public record VerifiedToken(String subject, String username, List<String> roles, String issuer,
        List<String> audience, Instant issuedAt, Instant expiresAt, String tokenId, String clientId,
        List<String> scopes, List<String> amr) {

    public VerifiedToken {
        roles = List.copyOf(roles);
        audience = List.copyOf(audience);
        scopes = List.copyOf(scopes);
        amr = List.copyOf(amr);
    }

    /** Whether the token was issued to a client for itself ({@code client_credentials}): its subject is the client. */
    public boolean isClientToken() {
        return clientId != null && clientId.equals(subject);
    }
}
