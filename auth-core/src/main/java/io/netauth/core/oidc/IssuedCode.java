package io.netauth.core.oidc;

import java.time.Instant;
import java.util.List;

/**
 * What an authorization code stands for. The code itself carries it, sealed (AES-GCM under the key-encryption
 * keys), so issuing a code writes nothing; only its spending is written.
 *
 * @param clientId      the client it was issued to
 * @param userId        the user who authorized it
 * @param redirectUri   the redirect URI of its request, which the exchange must repeat
 * @param scopes        the scopes granted
 * @param nonce         the request's {@code nonce}, or {@code null}
 * @param codeChallenge the PKCE S256 challenge, or {@code null}
 * @param amr           how the user signed in
 * @param authTime      when the user signed in
 * @param expiresAt     when it stops being redeemable
 */
public record IssuedCode(String clientId, String userId, String redirectUri, List<String> scopes, String nonce,
        String codeChallenge, List<String> amr, Instant authTime, Instant expiresAt) {

    public IssuedCode {
        scopes = List.copyOf(scopes);
        amr = List.copyOf(amr);
    }

    @Override
    public String toString() {
        return "IssuedCode[client=" + clientId + ", user=" + userId + ']';
    }
}
