package io.netauth.core.oidc;

import io.netauth.core.AuthException;

/**
 * A refused authorization request. When the client and its redirect URI were recognised, the error goes back to
 * the client (RFC 6749 section 4.1.2.1, OpenID Connect Core section 3.1.2.6): {@link #redirectUri()} is set.
 * Otherwise it is shown to the person and never redirected, so that an unknown URI cannot turn the server into
 * an open redirector.
 */
public final class AuthorizationException extends AuthException {

    private static final long serialVersionUID = 1L;

    private final String error;
    private final String redirectUri;
    private final String state;

    private AuthorizationException(String error, String description, String redirectUri, String state) {
        super(description);
        this.error = error;
        this.redirectUri = redirectUri;
        this.state = state;
    }

    /** An error for the person: the request cannot be trusted to name where to send it. */
    static AuthorizationException shown(String description) {
        return new AuthorizationException("invalid_request", description, null, null);
    }

    /** An error for the client, sent to its checked redirect URI with the request's {@code state}. */
    static AuthorizationException redirected(String error, String description, String redirectUri, String state) {
        return new AuthorizationException(error, description, redirectUri, state);
    }

    /** The error code, such as {@code invalid_request} or {@code login_required}. */
    public String error() {
        return error;
    }

    /** The checked redirect URI to send the error to, or {@code null} to show it instead. */
    public String redirectUri() {
        return redirectUri;
    }

    /** The request's {@code state}, or {@code null}. */
    public String state() {
        return state;
    }
}
