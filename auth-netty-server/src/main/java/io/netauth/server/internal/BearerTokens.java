package io.netauth.server.internal;

import io.netauth.core.TokenVerifier;
import io.netauth.core.VerifiedToken;
import java.util.Map;
import io.netauth.core.InvalidTokenException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

/** Reads the bearer token of a request's {@code Authorization} header (RFC 6750 section 2.1). Not API. */
final class BearerTokens {

    /** Far longer than any token this server signs; a longer one is refused before it is parsed. */
    static final int MAX_TOKEN_LENGTH = 8192;
    private static final String BEARER = "bearer";

    private BearerTokens() {
    }

    /**
     * The token of {@code Authorization: Bearer <token>}; the scheme is matched without regard to case.
     *
     * @throws InvalidTokenException {@code missing} without the header, {@code scheme} for another scheme,
     *     {@code malformed} for an empty, over-long or spaced token
     */
    static String of(HttpRequest request) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null) {
            throw new InvalidTokenException("missing");
        }
        int space = authorization.indexOf(' ');
        if (space <= 0 || !authorization.substring(0, space).equalsIgnoreCase(BEARER)) {
            throw new InvalidTokenException("scheme");
        }
        String token = authorization.substring(space + 1).trim();
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH || token.indexOf(' ') >= 0) {
            throw new InvalidTokenException("malformed");
        }
        return token;
    }

    /**
     * The verified access token of a signed-in user (not a client's own token), as the self-service endpoints
     * require; anything else is a 401 {@code invalid_token} with its {@code WWW-Authenticate} challenge.
     */
    static VerifiedToken user(TokenVerifier verifier, HttpRequest request) {
        VerifiedToken user;
        try {
            user = verifier.verify(of(request));
        } catch (InvalidTokenException e) {
            user = null;
        }
        if (user == null || user.isClientToken()) {
            throw new ApiException(ApiError.INVALID_TOKEN, "A user's valid bearer access token is required.",
                    Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
        }
        return user;
    }
}
