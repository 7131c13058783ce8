package io.netauth.core.mfa;

import io.netauth.core.AuthException;

/** A TOTP or recovery code that is wrong, malformed or already used. The message never carries the code. */
public final class InvalidCodeException extends AuthException {

    private static final long serialVersionUID = 1L;

    public InvalidCodeException() {
        super("The code is wrong or was already used.");
    }
}
