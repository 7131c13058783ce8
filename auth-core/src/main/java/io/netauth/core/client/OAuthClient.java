package io.netauth.core.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A registered OAuth client, without its secret.
 *
 * @param id             the {@code client_id}
 * @param name           the unique name the commands use
 * @param grantTypes     the grant types it may use at the token endpoint
 * @param scopes         the scopes it may ask for; also its default when a request names none
 * @param audiences      the audiences its tokens may carry; empty means the server's {@code audience}
 * @param tokenTtl       the lifetime of its access tokens, or {@code null} for the server's {@code token-ttl}
 * @param jwks           its public keys (a JWK Set document) for {@code private_key_jwt}, or {@code null}
 * @param mayIntrospect  whether it may introspect, and revoke, tokens issued to others
 * @param enabled        whether it may authenticate at all
 * @param createdAt      when it was added
 * @param codeFlow       its redirect URIs and whether it is public or trusted, for the authorization code flow
 */
public record OAuthClient(String id, String name, Set<String> grantTypes, List<String> scopes, List<String> audiences,
        Duration tokenTtl, String jwks, boolean mayIntrospect, boolean enabled, Instant createdAt, CodeFlow codeFlow) {

    public OAuthClient {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        grantTypes = Set.copyOf(grantTypes);
        scopes = List.copyOf(scopes);
        audiences = List.copyOf(audiences);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(codeFlow, "codeFlow");
    }

    /** A client that does not use the authorization code flow. */
    public OAuthClient(String id, String name, Set<String> grantTypes, List<String> scopes, List<String> audiences,
            Duration tokenTtl, String jwks, boolean mayIntrospect, boolean enabled, Instant createdAt) {
        this(id, name, grantTypes, scopes, audiences, tokenTtl, jwks, mayIntrospect, enabled, createdAt,
                CodeFlow.NONE);
    }

    /** Whether it authenticates with a signed assertion instead of a secret. */
    public boolean usesPrivateKeyJwt() {
        return jwks != null;
    }
}
