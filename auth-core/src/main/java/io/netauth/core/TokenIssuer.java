package io.netauth.core;

/**
 * Issues signed access tokens for authenticated accounts.
 *
 * <p>Threading: thread-safe. Signing is CPU work (about a millisecond for RS256), so the server calls it on
 * the {@code hashingExecutor} right after the password check, never on an event loop.
 */
public interface TokenIssuer {

    /** Signs an access token for the account. */
    IssuedToken issue(UserAccount account);
}
