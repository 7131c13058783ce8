package io.netauth.core;

/** An account with the same normalised username, or one that looks the same (UTS #39), exists already. */
public final class DuplicateUserException extends AuthException {

    private static final long serialVersionUID = 1L;

    private final String username;

    public DuplicateUserException(String username) {
        super("A user named " + io.netauth.core.internal.LogSafe.text(username)
                + " (or a name equal to it after normalisation, or one that looks like it) exists already.");
        this.username = username;
    }

    /** The name that was refused, as it was given. */
    public String username() {
        return username;
    }
}
