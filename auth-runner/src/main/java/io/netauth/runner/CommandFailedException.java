package io.netauth.runner;

/** A command that could not do what it was asked; the message says why, for the person at the terminal. */
final class CommandFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CommandFailedException(String message) {
        super(message);
    }
}
