package io.netauth.core.client;

import io.netauth.core.internal.OpaqueTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Client secrets: 256 random bits, shown once as unpadded Base64url and stored as a SHA-256 digest. A slow
 * password hash would add nothing to a value nobody can guess, and would cost every grant milliseconds.
 */
final class ClientSecrets {

    private ClientSecrets() {
    }

    /** A new random value of {@code bytes} bytes, as unpadded Base64url. */
    static String random(int bytes) {
        return OpaqueTokens.random(bytes);
    }

    static String newSecret() {
        return OpaqueTokens.newToken();
    }

    /** SHA-256 of the secret, lower-case hex. */
    static String digest(String secret) {
        return OpaqueTokens.digest(secret);
    }

    /** Compares the digest of a presented secret with a stored one in time independent of where they differ. */
    static boolean matches(String presented, String storedDigest) {
        if (presented == null || storedDigest == null) {
            return false;
        }
        return MessageDigest.isEqual(digest(presented).getBytes(StandardCharsets.US_ASCII),
                storedDigest.getBytes(StandardCharsets.US_ASCII));
    }
}
