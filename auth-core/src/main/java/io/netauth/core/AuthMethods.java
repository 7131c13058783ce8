package io.netauth.core;

import java.util.List;

/**
 * The {@code amr} claim's values (RFC 8176 section 2): how the user of a token proved who they are.
 */
public final class AuthMethods {

    /** A password alone. */
    public static final List<String> PASSWORD = List.of("pwd");
    /** A password and a one-time code (TOTP or a recovery code). */
    public static final List<String> PASSWORD_AND_OTP = List.of("pwd", "otp");
    /** Every method this server puts in an {@code amr} claim: a requirement for another can never be met. */
    public static final List<String> ISSUED = List.of("pwd", "otp");

    private AuthMethods() {
    }

    /** Whether the methods include a second factor. */
    public static boolean hasSecondFactor(List<String> amr) {
        return amr.contains("otp");
    }
}
