package io.netauth.core;

/** The bounds of a password's length; {@link PasswordPolicy} applies them to new passwords. Stateless. */
public final class Passwords {

    /** NIST SP 800-63B: at least 8 characters for a password a person chooses. */
    public static final int MIN_LENGTH = 8;
    /** Long enough for any passphrase or manager, short enough that hashing it costs nothing extra. */
    public static final int MAX_LENGTH = 1024;

    private Passwords() {
    }
}
