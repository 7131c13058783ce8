package io.netauth.core;

/** An account with the same normalised username exists already. */
public final class DuplicateUserException extends AuthException {

    private static final long serialVersionUID = 1L;

    private final String username;

    public DuplicateUserException(String username) {
        super("A user named " + username + " (or a name equal to it after normalisation) exists already.");
        this.username = username;
    }

    /** The name that was refused, as it was given. */
    public String username() {
        return username;
    }
}
