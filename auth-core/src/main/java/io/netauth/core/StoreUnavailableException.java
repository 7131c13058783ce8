package io.netauth.core;

/** The credential or key store could not be reached or timed out; nothing was changed by the failed call. */
public final class StoreUnavailableException extends AuthException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
