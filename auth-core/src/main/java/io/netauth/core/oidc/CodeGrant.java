package io.netauth.core.oidc;

import io.netauth.core.IssuedToken;
import java.util.List;

/**
 * What redeeming an authorization code answers (RFC 6749 section 5.1, OpenID Connect Core section 3.1.3.3).
 *
 * @param accessToken  the access token
 * @param idToken      the ID token, or {@code null} when {@code openid} was not granted
 * @param refreshToken the refresh token, or {@code null} without {@code offline_access}
 * @param scopes       the scopes granted
 */
public record CodeGrant(IssuedToken accessToken, String idToken, String refreshToken, List<String> scopes) {

    public CodeGrant {
        scopes = List.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "CodeGrant[scopes=" + scopes + ']';
    }
}
