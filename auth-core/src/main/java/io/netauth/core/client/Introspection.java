package io.netauth.core.client;

import java.time.Instant;
import java.util.List;

/**
 * The answer of RFC 7662 about one token. An inactive token carries nothing else.
 *
 * @param active    whether the token is valid now
 * @param tokenType {@code access_token} or {@code refresh_token}
 * @param subject   {@code sub}: the user id, or the client id of a client's own token
 * @param clientId  the client it was issued to, or {@code null}
 * @param username  the user's name, or {@code null}
 * @param scopes    its scopes
 * @param audience  its audiences
 * @param issuedAt  when it was issued, or {@code null} when unknown
 * @param expiresAt when it expires
 * @param tokenId   its {@code jti}, or {@code null}
 */
public record Introspection(boolean active, String tokenType, String subject, String clientId, String username,
        List<String> scopes, List<String> audience, Instant issuedAt, Instant expiresAt, String tokenId) {

    public static final String ACCESS_TOKEN = "access_token";
    public static final String REFRESH_TOKEN = "refresh_token";
    private static final Introspection INACTIVE = new Introspection(false, null, null, null, null, List.of(),
            List.of(), null, null, null);

    public Introspection {
        scopes = List.copyOf(scopes);
        audience = List.copyOf(audience);
    }

    public static Introspection inactive() {
        return INACTIVE;
    }
}
