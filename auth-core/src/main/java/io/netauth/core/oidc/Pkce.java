package io.netauth.core.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/** RFC 7636 section 4.6: the S256 check of a {@code code_verifier} against the stored challenge. */
final class Pkce {

    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private Pkce() {
    }

    /**
     * Whether the verifier fits the challenge. Without a challenge, a verifier is refused too (RFC 9700 section
     * 2.1.1: a verifier the request did not announce is a downgrade attempt).
     */
    static boolean matches(String challenge, String verifier) {
        if (challenge == null) {
            return verifier == null;
        }
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            return false;
        }
        byte[] expected = challenge.getBytes(StandardCharsets.US_ASCII);
        byte[] actual = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier))
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] sha256(String verifier) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
