package io.netauth.core;

import java.util.List;
import java.util.regex.Pattern;

/** The one definition of an acceptable role name. Stateless. */
public final class Roles {

    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.:\\-]{1,64}");

    private Roles() {
    }

    /** Whether {@code role} is 1 to 64 of letters, digits, {@code _ . : -}. */
    public static boolean isValid(String role) {
        return role != null && ROLE.matcher(role).matches();
    }

    /**
     * The roles without repeats, in their order.
     *
     * @throws InvalidInputException naming the first role that is not acceptable
     */
    public static List<String> checked(List<String> roles) {
        for (String role : roles) {
            if (!isValid(role)) {
                throw new InvalidInputException("role: '" + role
                        + "' (expected: 1 to 64 of letters, digits, '_', '.', ':', '-')");
            }
        }
        return roles.stream().distinct().toList();
    }
}
