package io.netauth.core.token;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored signing key. For RS256 and ES256 the private part is PKCS#8 and the public part X.509
 * SubjectPublicKeyInfo, both DER; for HS256 the private part is the secret and there is no public part.
 *
 * @param kid        the key id carried in the token header
 * @param algorithm  what the key signs with
 * @param privateKey secret material; never printed
 * @param publicKey  public material, or {@code null} for HS256
 * @param createdAt  when the key was made; the newest unretired key of an algorithm is the active one
 * @param retireAt   when the key stops verifying and leaves the JWKS, or {@code null} while it may sign
 */
public record SigningKey(String kid, SigningAlgorithm algorithm, byte[] privateKey, byte[] publicKey,
        Instant createdAt, Instant retireAt) {

    public SigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether the key still verifies at {@code now}. */
    public boolean verifiesAt(Instant now) {
        return retireAt == null || now.isBefore(retireAt);
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", algorithm=" + algorithm + ", createdAt=" + createdAt + ", retireAt="
                + retireAt + ']';
    }
}
