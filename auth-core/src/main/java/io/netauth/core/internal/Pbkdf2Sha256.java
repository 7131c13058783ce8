package io.netauth.core.internal;

import java.security.MessageDigest;
import java.util.Base64;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * PBKDF2-HMAC-SHA256 in the three forms other systems export: the PHC form
 * {@code $pbkdf2-sha256$i=600000,l=32$salt$hash} (unpadded standard Base64), passlib's
 * {@code $pbkdf2-sha256$29000$salt$hash} (its "adapted" Base64, with {@code .} for {@code +}), and Django's
 * {@code pbkdf2_sha256$600000$salt$hash} (the salt as text, the hash in padded Base64).
 * Only verified, never produced: new hashes use the configured policy.
 */
public final class Pbkdf2Sha256 implements HashAlgorithm {

    private static final String PREFIX = "$pbkdf2-sha256$";
    private static final String DJANGO_PREFIX = "pbkdf2_sha256$";
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final int MAX_LENGTH = 64;

    @Override
    public boolean recognizes(String encodedHash) {
        return encodedHash.startsWith(PREFIX) || encodedHash.startsWith(DJANGO_PREFIX);
    }

    @Override
    public boolean verify(byte[] password, String encodedHash) {
        Parsed p = parse(encodedHash);
        return MessageDigest.isEqual(derive(password, p.salt, p.iterations, p.expected.length), p.expected);
    }

    @Override
    public void checkFormat(String encodedHash) {
        parse(encodedHash);
    }

    private record Parsed(int iterations, byte[] salt, byte[] expected) {
    }

    private static Parsed parse(String encodedHash) {
        if (encodedHash.startsWith(DJANGO_PREFIX)) {
            String[] django = encodedHash.split("\\$", -1);
            if (django.length != 4 || django[2].isEmpty()) {
                throw new IllegalArgumentException("malformed Django pbkdf2_sha256 hash");
            }
            byte[] expected;
            try {
                expected = Base64.getDecoder().decode(django[3]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("malformed Base64 in pbkdf2_sha256 hash");
            }
            return checked(parseIterations(django[1]), django[2].getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    expected);
        }
        String[] parts = encodedHash.split("\\$", -1);
        if (parts.length != 5) {
            throw new IllegalArgumentException("malformed pbkdf2-sha256 hash");
        }
        int iterations;
        byte[] salt;
        byte[] expected;
        if (parts[2].startsWith("i=")) {
            PhcString phc = PhcString.parse(encodedHash);
            iterations = phc.intParam("i");
            salt = phc.salt();
            expected = phc.hash();
            if (phc.params().containsKey("l") && phc.intParam("l") != expected.length) {
                throw new IllegalArgumentException("pbkdf2-sha256 length does not match its hash");
            }
        } else {
            iterations = parseIterations(parts[2]);
            salt = decodeAdapted(parts[3]);
            expected = decodeAdapted(parts[4]);
        }
        return checked(iterations, salt, expected);
    }

    private static Parsed checked(int iterations, byte[] salt, byte[] expected) {
        if (iterations < 1 || iterations > MAX_ITERATIONS || expected.length < 16 || expected.length > MAX_LENGTH) {
            throw new IllegalArgumentException("pbkdf2-sha256 parameters out of range");
        }
        return new Parsed(iterations, salt, expected);
    }

    static byte[] derive(byte[] password, byte[] salt, int iterations, int length) {
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
        generator.init(password, salt, iterations);
        return ((KeyParameter) generator.generateDerivedParameters(length * 8)).getKey();
    }

    private static int parseIterations(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed pbkdf2-sha256 iterations");
        }
    }

    private static byte[] decodeAdapted(String text) {
        try {
            return Base64.getDecoder().decode(text.replace('.', '+'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed Base64 in pbkdf2-sha256 hash");
        }
    }
}
