package io.netauth.core;

import java.util.List;
import java.util.regex.Pattern;

/** The one definition of an acceptable role name. Stateless. */
public final class Roles {

    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.:\\-]{1,64}");
    /** Roles one account may hold. */
    public static final int MAX_ROLES = 32;
    /** The roles column's width: the roles joined with commas must fit it. */
    static final int MAX_JOINED_LENGTH = 2048;

    private Roles() {
    }

    /** Whether {@code role} is 1 to 64 of letters, digits, {@code _ . : -}. */
    public static boolean isValid(String role) {
        return role != null && ROLE.matcher(role).matches();
    }

    /**
     * The roles without repeats, in their order.
     *
     * @throws InvalidInputException for more than {@link #MAX_ROLES} (or more than the column holds), or naming the
     *                               first role that is not acceptable
     */
    public static List<String> checked(List<String> roles) {
        List<String> distinct = roles.stream().distinct().toList();
        if (distinct.size() > MAX_ROLES || String.join(",", distinct).length() > MAX_JOINED_LENGTH) {
            throw new InvalidInputException("roles: " + distinct.size() + " roles (expected: at most " + MAX_ROLES
                    + ", and at most " + MAX_JOINED_LENGTH + " characters together)");
        }
        for (String role : roles) {
            if (!isValid(role)) {
                throw new InvalidInputException("role: '" + role
                        + "' (expected: 1 to 64 of letters, digits, '_', '.', ':', '-')");
            }
        }
        return distinct;
    }
}
