package io.netauth.core;

/** A name, role or password that the core refuses; the message says what is wrong, for the person who typed it. */
public final class InvalidInputException extends AuthException {

    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }
}
