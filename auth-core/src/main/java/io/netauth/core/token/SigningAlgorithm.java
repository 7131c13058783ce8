package io.netauth.core.token;

/** The JWS algorithms the server signs with. */
public enum SigningAlgorithm {
    /** RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit keys: the default, because verification is cheapest. */
    RS256,
    /** ECDSA on P-256 with SHA-256: small tokens, but verification costs far more than RS256. */
    ES256,
    /** HMAC with SHA-256: only where every verifier may hold the secret; publishes no keys. */
    HS256;

    /** Parses a name case-insensitively, with a message that names the choices. */
    public static SigningAlgorithm parse(String name) {
        for (SigningAlgorithm a : values()) {
            if (a.name().equalsIgnoreCase(name.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("signing algorithm: " + name + " (expected: RS256, ES256 or HS256)");
    }
}
