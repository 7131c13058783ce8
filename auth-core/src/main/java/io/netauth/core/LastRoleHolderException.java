package io.netauth.core;

/**
 * A change refused because it would leave no enabled account with a role that must keep one, such as the admin
 * API's role: the last such account cannot be disabled, deleted or lose the role that way.
 */
public final class LastRoleHolderException extends AuthException {

    private static final long serialVersionUID = 1L;

    private final String username;
    private final String role;

    public LastRoleHolderException(String username, String role) {
        super(username + " is the last enabled account with the role " + role
                + "; give the role to another account first.");
        this.username = username;
        this.role = role;
    }

    /** The account the change was refused for, as it was named. */
    public String username() {
        return username;
    }

    /** The role that would have had no enabled holder left. */
    public String role() {
        return role;
    }
}
