package io.netauth.core;

/** A new password the policy refuses; the message says why in words a person understands, never echoing it. */
public final class WeakPasswordException extends AuthException {

    private static final long serialVersionUID = 1L;

    public WeakPasswordException(String reason) {
        super(reason);
    }
}
