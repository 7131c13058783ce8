package io.netauth.core.secret;

/**
 * The key-encryption keys cannot do what was asked: none of them opens a stored secret, a key is malformed, or a
 * secret is encrypted and no key is configured. The message names keys by their ids, never their material.
 */
public final class SecretKeyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SecretKeyException(String message) {
        super(message, null, false, false);
    }
}
