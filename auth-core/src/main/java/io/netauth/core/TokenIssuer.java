package io.netauth.core;

import java.util.List;

/**
 * Issues signed access tokens for authenticated accounts.
 *
 * <p>Threading: thread-safe. Signing is CPU work (about a millisecond for RS256), so the server calls it on
 * the {@code hashingExecutor} right after the password check, never on an event loop.
 */
public interface TokenIssuer {

    /**
     * Signs an access token for the account, whose user signed in with {@code amr} (RFC 8176 values, such as
     * {@link AuthMethods#PASSWORD}).
     */
    IssuedToken issue(UserAccount account, List<String> amr);

    /**
     * Signs an access token the user granted to the OAuth client {@code clientId} for {@code scopes} (the
     * authorization code flow): as {@link #issue(UserAccount, List)}, plus the {@code client_id} and {@code scope}
     * claims of RFC 9068 section 2.2. An issuer without those claims answers the plain token.
     */
    default IssuedToken issue(UserAccount account, List<String> amr, String clientId, List<String> scopes) {
        return issue(account, amr);
    }

    /** Signs an access token for the account of a password sign-in. */
    default IssuedToken issue(UserAccount account) {
        return issue(account, AuthMethods.PASSWORD);
    }
}
