package io.netauth.core;

import java.util.Locale;

/** What became of a login attempt: one audit line and one counter each. */
public enum LoginOutcome {
    SUCCESS, INVALID_CREDENTIALS, THROTTLED, OVERLOADED, UNAVAILABLE, ERROR;

    /** The outcome of a login that ended with {@code cause}, or {@code null} for a success. */
    static LoginOutcome of(Throwable cause) {
        if (cause == null) {
            return SUCCESS;
        }
        if (cause instanceof InvalidCredentialsException) {
            return INVALID_CREDENTIALS;
        }
        if (cause instanceof TooManyAttemptsException) {
            return THROTTLED;
        }
        if (cause instanceof OverloadedException) {
            return OVERLOADED;
        }
        if (cause instanceof StoreUnavailableException) {
            return UNAVAILABLE;
        }
        return ERROR;
    }

    /** The name in logs and metrics, such as {@code invalid_credentials}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
