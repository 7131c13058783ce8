package io.netauth.core.mfa;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Recovery codes: {@value #COUNT} per enrolment, each 16 base32 characters (80 random bits) written in groups of
 * four, such as {@code k7m2-q9xa-p3de-w6tn}. Only a SHA-256 digest, salted with the user id, is stored. A slow
 * hash would add nothing: 80 random bits cannot be searched, whatever the hash, and a login would have to try
 * the hash of every code. Thread-safe.
 */
final class RecoveryCodes {

    static final int COUNT = 10;
    private static final int CHARACTERS = 16;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    private final SecureRandom random = new SecureRandom();

    /** A fresh set of codes, as the user is shown them once. */
    List<String> generate() {
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            StringBuilder code = new StringBuilder(CHARACTERS + 3);
            for (int c = 0; c < CHARACTERS; c++) {
                if (c > 0 && c % 4 == 0) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    /**
     * The stored digest of a code as the user typed it (any case, with or without the dashes and spaces), or
     * {@code null} for text that cannot be a code.
     */
    static String digest(String userId, String typed) {
        if (typed == null || typed.length() > 64) {
            return null;
        }
        String code = typed.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (code.length() != CHARACTERS || !code.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            return null;
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(userId.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            return HexFormat.of().formatHex(sha256.digest(code.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
