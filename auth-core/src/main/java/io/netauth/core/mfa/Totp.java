package io.netauth.core.mfa;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as RFC 6238 and authenticator apps define them: HMAC-SHA-1, 6 digits, 30-second
 * steps counted from the Unix epoch, accepted one step early or late (section 5.2's allowance for drift). The
 * HOTP computation is java-otp's; this class adds the steps, the window and the formats apps read. Thread-safe.
 */
public final class Totp {

    /** Length of a step (RFC 6238 section 4.1's X). */
    public static final Duration STEP = Duration.ofSeconds(30);
    /** Digits of a code. */
    public static final int DIGITS = 6;
    /** Bytes of a new secret: 160 bits, the HMAC-SHA-1 output size that RFC 4226 section 4 recommends. */
    public static final int SECRET_BYTES = 20;
    private static final int DRIFT_STEPS = 1;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final TimeBasedOneTimePasswordGenerator generator;
    private final String macAlgorithm;
    private final int digits;

    /** SHA-1 and 6 digits, what every authenticator app uses by default. */
    public Totp() {
        this("HmacSHA1", DIGITS);
    }

    /** Another HMAC and length, for RFC 6238's own test vectors (8 digits, SHA-256 and SHA-512 too). */
    Totp(String macAlgorithm, int digits) {
        this.macAlgorithm = macAlgorithm;
        this.digits = digits;
        this.generator = new TimeBasedOneTimePasswordGenerator(STEP, digits, macAlgorithm);
    }

    /** The step an instant falls in: RFC 6238 section 4.2's T. */
    public static long stepOf(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP.getSeconds());
    }

    /** The code of one step, zero-padded to its digits. */
    public String code(byte[] secret, long step) {
        try {
            int value = generator.generateOneTimePassword(new SecretKeySpec(secret, macAlgorithm),
                    Instant.ofEpochSecond(step * STEP.getSeconds()));
            String text = Integer.toString(value);
            return "0".repeat(digits - text.length()) + text;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("unusable TOTP secret", e);
        }
    }

    /**
     * The step, within one of {@code now}'s either way, whose code is {@code code}; empty when none is. Every
     * step of the window is compared, in constant time, whichever matches.
     */
    public OptionalLong matchingStep(byte[] secret, String code, Instant now) {
        if (code == null || code.length() != digits || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        long current = stepOf(now);
        long found = Long.MIN_VALUE;
        for (long step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
            if (MessageDigest.isEqual(given, code(secret, step).getBytes(StandardCharsets.US_ASCII))
                    && found == Long.MIN_VALUE) {
                found = step;
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /** A secret as apps take it typed in: RFC 4648 base32, upper case, without padding. */
    public static String base32(byte[] secret) {
        StringBuilder out = new StringBuilder((secret.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : secret) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /**
     * The {@code otpauth://totp/} URI of Google Authenticator's key URI format, which Aegis, 1Password and the
     * others read: the label {@code issuer:account}, and the secret, issuer, algorithm, digits and period as
     * parameters.
     */
    public static String otpauthUri(String issuer, String account, byte[] secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP.getSeconds();
    }

    /** Percent-encoding as a URI path and query need it: a space is %20, never {@code +}. */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
