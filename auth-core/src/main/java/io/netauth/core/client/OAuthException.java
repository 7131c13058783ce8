package io.netauth.core.client;

import io.netauth.core.AuthException;

/**
 * A refused OAuth request, with its RFC 6749 error code and a description safe to show the client: it never
 * echoes a secret or a token.
 */
public final class OAuthException extends AuthException {

    private static final long serialVersionUID = 1L;

    private final OAuthError error;

    public OAuthException(OAuthError error, String description) {
        super(description);
        this.error = error;
    }

    public OAuthError error() {
        return error;
    }
}
