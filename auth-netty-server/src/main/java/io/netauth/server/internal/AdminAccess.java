package io.netauth.server.internal;

import io.netauth.core.InvalidTokenException;
import io.netauth.core.TokenVerifier;
import io.netauth.core.VerifiedToken;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;

/** Who may call the admin API: a valid bearer token with the admin role (401 without, 403 with a lesser one). Not API. */
final class AdminAccess {

    private final TokenVerifier verifier;
    private final String adminRole;

    AdminAccess(TokenVerifier verifier, String adminRole) {
        this.verifier = verifier;
        this.adminRole = adminRole;
    }

    VerifiedToken authorize(FullHttpRequest request) {
        VerifiedToken token;
        try {
            token = verifier.verify(BearerTokens.of(request));
        } catch (InvalidTokenException e) {
            throw new ApiException(ApiError.INVALID_TOKEN, "The admin API needs a valid bearer token.",
                    Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
        }
        if (!token.roles().contains(adminRole)) {
            throw new ApiException(ApiError.FORBIDDEN, "The token lacks the admin role.");
        }
        return token;
    }

    static void requireMethod(HttpMethod actual, HttpMethod expected) {
        if (!expected.equals(actual)) {
            throw new ApiException(ApiError.METHOD_NOT_ALLOWED, "This path does not accept " + actual.name() + '.',
                    Map.of("Allow", expected.name()));
        }
    }
}
