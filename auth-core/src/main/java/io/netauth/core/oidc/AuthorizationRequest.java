package io.netauth.core.oidc;

import io.netauth.core.client.OAuthClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A checked authorization request (RFC 6749 section 4.1.1, OpenID Connect Core section 3.1.2.1).
 *
 * @param client        the registered, enabled client
 * @param redirectUri   one of its redirect URIs, exactly
 * @param scopes        the scopes that will be granted: the ones asked that the client may have; unknown ones
 *                      dropped (RFC 6749 section 3.3)
 * @param state         the client's {@code state}, or {@code null}
 * @param nonce         the client's {@code nonce}, or {@code null}
 * @param codeChallenge the PKCE S256 challenge (RFC 7636), or {@code null}
 * @param prompt        the {@code prompt} values: {@code none}, {@code login}, {@code consent}
 * @param maxAge        the {@code max_age}, or {@code null}
 * @param loginHint     the {@code login_hint}, or {@code null}
 * @param hintSubject   the subject of a valid {@code id_token_hint}, or {@code null}
 * @param parameters    the request's parameters as sent, so that a sign-in or consent can return to it
 */
public record AuthorizationRequest(OAuthClient client, String redirectUri, List<String> scopes, String state,
        String nonce, String codeChallenge, Set<String> prompt, Duration maxAge, String loginHint, String hintSubject,
        Map<String, String> parameters) {

    public AuthorizationRequest {
        scopes = List.copyOf(scopes);
        prompt = Set.copyOf(prompt);
        parameters = Map.copyOf(parameters);
    }

    @Override
    public String toString() {
        return "AuthorizationRequest[client=" + client.id() + ", scopes=" + scopes + ']';
    }
}
