package io.netauth.core.internal;

import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt in its modular-crypt form ({@code $2a$}, {@code $2b$}, {@code $2y$}) through BouncyCastle's
 * OpenBSD-compatible implementation. Passwords beyond 72 bytes are cut there, as every bcrypt does.
 */
public final class Bcrypt implements HashAlgorithm {

    private static final int MIN_COST = 4;
    /** Cost 20 is already about a minute per check; refuse more from an imported row. */
    private static final int MAX_COST = 20;
    private static final int MAX_PASSWORD_BYTES = 72;

    @Override
    public boolean recognizes(String encodedHash) {
        return encodedHash.startsWith("$2a$") || encodedHash.startsWith("$2b$") || encodedHash.startsWith("$2y$");
    }

    public static String hash(byte[] password, int cost, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", truncate(password), salt, cost);
    }

    @Override
    public boolean verify(byte[] password, String encodedHash) {
        cost(encodedHash);
        return OpenBSDBCrypt.checkPassword(encodedHash, truncate(password));
    }

    @Override
    public void checkFormat(String encodedHash) {
        cost(encodedHash);
        for (int i = 7; i < encodedHash.length(); i++) {
            char c = encodedHash.charAt(i);
            boolean bcryptBase64 = c == '.' || c == '/' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9');
            if (!bcryptBase64) {
                throw new IllegalArgumentException("malformed bcrypt salt or hash");
            }
        }
    }

    /** The cost factor of a bcrypt hash. */
    public static int cost(String encodedHash) {
        if (encodedHash.length() != 60 || encodedHash.charAt(6) != '$') {
            throw new IllegalArgumentException("malformed bcrypt hash");
        }
        int cost;
        try {
            cost = Integer.parseInt(encodedHash.substring(4, 6));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed bcrypt cost");
        }
        if (cost < MIN_COST || cost > MAX_COST) {
            throw new IllegalArgumentException("bcrypt cost out of range");
        }
        return cost;
    }

    private static byte[] truncate(byte[] password) {
        if (password.length <= MAX_PASSWORD_BYTES) {
            return password;
        }
        byte[] cut = new byte[MAX_PASSWORD_BYTES];
        System.arraycopy(password, 0, cut, 0, MAX_PASSWORD_BYTES);
        return cut;
    }
}
