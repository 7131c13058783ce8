package io.netauth.core;

import java.util.Objects;

/**
 * What a login or a refresh hands out: an access token and the refresh token that replaces it later.
 *
 * @param accessToken  the signed access token
 * @param refreshToken the opaque refresh token value; shown once, stored only as a digest
 */
public record TokenGrant(IssuedToken accessToken, String refreshToken) {

    public TokenGrant {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
    }

    @Override
    public String toString() {
        return "TokenGrant[accessToken=" + accessToken + ']';
    }
}
