package io.netauth.core;

import java.util.Locale;

/**
 * What became of a login attempt: one audit line and one counter each. {@code MFA_REQUIRED} is a right password
 * that a second step must follow; {@code INVALID_CODE} a second step with a wrong code.
 */
public enum LoginOutcome {
    SUCCESS, MFA_REQUIRED, INVALID_CREDENTIALS, INVALID_CODE, THROTTLED, OVERLOADED, UNAVAILABLE, ERROR;

    /** The outcome of a login that ended with {@code cause}, or {@code null} for a success. */
    static LoginOutcome of(Throwable cause) {
        if (cause == null) {
            return SUCCESS;
        }
        if (cause instanceof io.netauth.core.mfa.MfaRequiredException) {
            return MFA_REQUIRED;
        }
        if (cause instanceof InvalidCredentialsException) {
            return INVALID_CREDENTIALS;
        }
        if (cause instanceof io.netauth.core.mfa.InvalidCodeException) {
            return INVALID_CODE;
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
