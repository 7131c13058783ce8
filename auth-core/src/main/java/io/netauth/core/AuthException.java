package io.netauth.core;

/**
 * Base of the failures a caller of the core must handle; each subclass is one answer of the HTTP contract.
 * Messages are safe to show to people: they never carry a password, a hash or a token.
 */
public abstract class AuthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected AuthException(String message) {
        super(message, null, false, false);
    }

    protected AuthException(String message, Throwable cause) {
        super(message, cause, false, true);
    }
}
