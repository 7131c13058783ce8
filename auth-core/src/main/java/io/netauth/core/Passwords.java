package io.netauth.core;

/** The one definition of an acceptable password's length. Stateless. */
public final class Passwords {

    /** NIST SP 800-63B: at least 8 characters for a password a person chooses. */
    public static final int MIN_LENGTH = 8;
    /** Long enough for any passphrase or manager, short enough that hashing it costs nothing extra. */
    public static final int MAX_LENGTH = 1024;

    private Passwords() {
    }

    /**
     * Checks a new password.
     *
     * @return the password
     * @throws InvalidInputException if it is too short or too long
     */
    public static String checkNew(String password) {
        if (password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            throw new InvalidInputException("a password has " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
        }
        return password;
    }
}
