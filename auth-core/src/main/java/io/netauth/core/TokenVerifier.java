package io.netauth.core;

/**
 * Checks access tokens. Threading: thread-safe and non-blocking (CPU only, a signature check at most), so the
 * server calls it on the event loop: verification must never wait behind password hashes.
 */
public interface TokenVerifier {

    /**
     * Answers the token's claims.
     *
     * @throws InvalidTokenException for a malformed token, a bad signature, an algorithm or key id that is
     *     not configured, a wrong issuer or audience, a missing {@code exp}, a token outside its lifetime, or
     *     a token that is not an access token (an ID token, say: RFC 8725 section 3.11)
     */
    VerifiedToken verify(String token);

    /**
     * As {@link #verify(String)}, but the token must name {@code audience} in its {@code aud} instead of the
     * configured audience: for a gateway that protects a service with an audience of its own.
     */
    default VerifiedToken verify(String token, String audience) {
        VerifiedToken verified = verify(token);
        if (!verified.audience().contains(audience)) {
            throw new InvalidTokenException("audience");
        }
        return verified;
    }
}
