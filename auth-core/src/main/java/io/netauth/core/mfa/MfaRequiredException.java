package io.netauth.core.mfa;

import io.netauth.core.AuthException;
import java.time.Duration;
import java.util.List;

/**
 * The password was right, and a second step must follow: a code of the user's factor ({@link #enrolment()}
 * false), or enrolling one, which a role of the user requires ({@code mfa-required-roles}). Carries the MFA token
 * that the second step presents; the message never does.
 */
public final class MfaRequiredException extends AuthException {

    private static final long serialVersionUID = 1L;

    private final transient String mfaToken;
    private final transient List<String> methods;
    private final transient Duration expiresIn;
    private final boolean enrolment;

    MfaRequiredException(String mfaToken, List<String> methods, Duration expiresIn, boolean enrolment) {
        super(enrolment ? "This account must enrol a second factor before it signs in."
                : "A second factor is required to complete the sign-in.");
        this.mfaToken = mfaToken;
        this.methods = List.copyOf(methods);
        this.expiresIn = expiresIn;
        this.enrolment = enrolment;
    }

    /** The single-use token of the second step. */
    public String mfaToken() {
        return mfaToken;
    }

    /** The ways to complete it: {@code totp} and {@code recovery_code}, or {@code totp_enrolment}. */
    public List<String> methods() {
        return methods;
    }

    /** How long the token stays valid. */
    public Duration expiresIn() {
        return expiresIn;
    }

    /** Whether the user must enrol a factor, rather than use one. */
    public boolean enrolment() {
        return enrolment;
    }
}
