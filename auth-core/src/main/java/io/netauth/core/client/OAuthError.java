package io.netauth.core.client;

/**
 * The error codes of RFC 6749 section 5.2 and RFC 8707 section 2 that the token, introspection and revocation
 * endpoints answer with.
 */
public enum OAuthError {
    INVALID_REQUEST("invalid_request"),
    INVALID_CLIENT("invalid_client"),
    INVALID_GRANT("invalid_grant"),
    UNAUTHORIZED_CLIENT("unauthorized_client"),
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type"),
    INVALID_SCOPE("invalid_scope"),
    INVALID_TARGET("invalid_target"),
    UNSUPPORTED_TOKEN_TYPE("unsupported_token_type"),
    /** RFC 6750 section 3.1: the access token lacks a scope the resource needs (403). */
    INSUFFICIENT_SCOPE("insufficient_scope");

    private final String code;

    OAuthError(String code) {
        this.code = code;
    }

    /** The value of the {@code error} member. */
    public String code() {
        return code;
    }
}
