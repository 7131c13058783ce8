package io.netauth.core;

/** An administrative change named a user that does not exist. */
public final class NoSuchUserException extends AuthException {

    private static final long serialVersionUID = 1L;

    public NoSuchUserException() {
        super("No such user.");
    }
}
