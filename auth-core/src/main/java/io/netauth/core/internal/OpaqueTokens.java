package io.netauth.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Opaque bearer values (refresh tokens, client secrets, MFA tokens): 256 random bits as unpadded Base64url,
 * stored only as their SHA-256 digest. A slow hash would add nothing to a value nobody can guess. Thread-safe.
 */
public final class OpaqueTokens {

    /** Characters of a new token: 32 bytes, unpadded Base64url. */
    public static final int LENGTH = 43;
    private static final SecureRandom RANDOM = new SecureRandom();

    private OpaqueTokens() {
    }

    /** A new 256-bit token. */
    public static String newToken() {
        return random(32);
    }

    /** A new random value of {@code bytes} bytes, as unpadded Base64url. */
    public static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    /** SHA-256 of the value's UTF-8 bytes, lower-case hex: what a store keeps instead of the value. */
    public static String digest(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether {@code token} has the shape of a {@link #newToken()}: checked before any lookup. */
    public static boolean wellFormed(String token) {
        if (token == null || token.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!base64url) {
                return false;
            }
        }
        return true;
    }
}
