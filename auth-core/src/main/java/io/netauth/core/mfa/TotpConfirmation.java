package io.netauth.core.mfa;

import io.netauth.core.TokenGrant;
import io.netauth.core.UserAccount;
import java.util.List;

/**
 * A TOTP factor just confirmed.
 *
 * @param recoveryCodes the recovery codes, shown this once
 * @param account       the user whose factor it is
 * @param grant         the tokens of the sign-in the confirmation completed (an enrolment a role required), or
 *                      {@code null} when a signed-in user enrolled, or a browser that starts a session of its own
 */
public record TotpConfirmation(List<String> recoveryCodes, UserAccount account, TokenGrant grant) {

    public TotpConfirmation {
        recoveryCodes = List.copyOf(recoveryCodes);
    }

    @Override
    public String toString() {
        return "TotpConfirmation[...]";
    }
}
