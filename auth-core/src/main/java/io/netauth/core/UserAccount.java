package io.netauth.core;

import java.util.List;
import java.util.Objects;

/**
 * A user as the rest of the system sees it: never carries the password hash.
 *
 * @param id       stable identifier, used as the token subject; never reused
 * @param username the name as the user typed it when the account was created (for display)
 * @param roles    role names, in the order they were assigned
 * @param enabled  a disabled account cannot log in
 */
public record UserAccount(String id, String username, List<String> roles, boolean enabled) {

    public UserAccount {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        roles = List.copyOf(roles);
    }
}
