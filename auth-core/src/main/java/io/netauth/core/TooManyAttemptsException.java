package io.netauth.core;

import java.time.Duration;

/** Too many failed logins for the account or from the client address: no password was checked. */
public final class TooManyAttemptsException extends AuthException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public TooManyAttemptsException(Duration retryAfter) {
        super("Too many failed attempts; retry later.");
        this.retryAfter = retryAfter;
    }

    /** How long to wait before the next attempt can be checked. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@link #retryAfter()} in whole seconds, rounded up and at least one, for a {@code Retry-After} header. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
