package io.netauth.core.client;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What {@link ClientRegistry#add} registers.
 *
 * @param name          unique name: letters, digits, {@code .}, {@code _} and {@code -}, at most 64
 * @param grantTypes    grant types it may use; empty means {@code client_credentials}
 * @param scopes        scopes it may ask for (RFC 6749 section 3.3 scope tokens)
 * @param audiences     audiences of its tokens; empty means the server's {@code audience}
 * @param tokenTtl      lifetime of its access tokens, or {@code null} for the server's {@code token-ttl}
 * @param jwks          a JWK Set document of its public keys, for {@code private_key_jwt} instead of a secret;
 *                      or {@code null}
 * @param mayIntrospect whether it may introspect, and revoke, every token
 * @param codeFlow      its redirect URIs and kind, for the authorization code flow; {@link CodeFlow#NONE} without
 */
public record ClientSpec(String name, Set<String> grantTypes, List<String> scopes, List<String> audiences,
        Duration tokenTtl, String jwks, boolean mayIntrospect, CodeFlow codeFlow) {

    public ClientSpec {
        grantTypes = Set.copyOf(grantTypes);
        scopes = List.copyOf(scopes);
        audiences = List.copyOf(audiences);
        codeFlow = codeFlow == null ? CodeFlow.NONE : codeFlow;
    }

    /** A client that does not use the authorization code flow. */
    public ClientSpec(String name, Set<String> grantTypes, List<String> scopes, List<String> audiences,
            Duration tokenTtl, String jwks, boolean mayIntrospect) {
        this(name, grantTypes, scopes, audiences, tokenTtl, jwks, mayIntrospect, CodeFlow.NONE);
    }

    /** A client for {@code client_credentials} with these scopes and defaults for the rest. */
    public static ClientSpec of(String name, List<String> scopes) {
        return new ClientSpec(name, Set.of(), scopes, List.of(), null, null, false);
    }
}
