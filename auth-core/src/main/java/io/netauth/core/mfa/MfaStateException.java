package io.netauth.core.mfa;

import io.netauth.core.AuthException;

/**
 * The request does not fit the user's second factor as it stands: enrolling while a factor is active, or
 * confirming, removing or renewing codes without one.
 */
public final class MfaStateException extends AuthException {

    private static final long serialVersionUID = 1L;

    MfaStateException(String message) {
        super(message);
    }
}
