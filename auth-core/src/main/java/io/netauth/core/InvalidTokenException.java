package io.netauth.core;

/**
 * An access or refresh token that is not (or no longer) valid. The message is safe to show and never
 * contains the token; {@link #reason()} says why, for logs and metrics.
 */
public final class InvalidTokenException extends AuthException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public InvalidTokenException(String reason) {
        super("The token is invalid or expired.");
        this.reason = reason;
    }

    /** A short machine-readable reason, such as {@code expired}, {@code reused} or {@code bad_signature}. */
    public String reason() {
        return reason;
    }
}
