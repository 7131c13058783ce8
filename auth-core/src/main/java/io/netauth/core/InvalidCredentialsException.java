package io.netauth.core;

/**
 * Unknown user, wrong password or disabled account: deliberately one exception with one message, so that
 * no caller can tell the three apart. Carries no stack trace; it is an expected outcome, not a bug.
 */
public final class InvalidCredentialsException extends AuthException {

    private static final long serialVersionUID = 1L;

    public InvalidCredentialsException() {
        super("The username or password is incorrect.");
    }
}
