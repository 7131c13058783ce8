package io.netauth.core;

import java.util.regex.Pattern;

/**
 * The check of a user's email address: what the {@code email} claim may carry. Deliberately loose (a local part,
 * an {@code @}, a domain with a dot, no spaces or controls, at most 320 characters): only sending mail proves an
 * address, and that is what {@code email_verified} records.
 */
public final class Emails {

    public static final int MAX_LENGTH = 320;
    private static final Pattern SHAPE = Pattern.compile("[^\\s@\\p{Cntrl}]{1,64}@[^\\s@\\p{Cntrl}]+\\.[^\\s@\\p{Cntrl}]+");

    private Emails() {
    }

    /**
     * The address, trimmed; {@code null} or empty for none.
     *
     * @throws InvalidInputException for an address that is not one
     */
    public static String checked(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        String trimmed = email.strip();
        if (trimmed.length() > MAX_LENGTH || !SHAPE.matcher(trimmed).matches()) {
            throw new InvalidInputException("Invalid email address.");
        }
        return trimmed;
    }
}
