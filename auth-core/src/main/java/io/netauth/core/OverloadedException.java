package io.netauth.core;

/** A bounded pool refused the work: the caller should answer at once and ask the client to retry later. */
public final class OverloadedException extends AuthException {

    private static final long serialVersionUID = 1L;

    public OverloadedException(String pool) {
        super("The server is busy (" + pool + " is full); retry later.");
    }
}
