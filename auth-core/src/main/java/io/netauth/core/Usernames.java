package io.netauth.core;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one definition of "the same username": Unicode NFKC, then case folding, then NFKC again; and of an
 * acceptable one.
 *
 * <p>The JDK has no full case folding; upper-casing then lower-casing in {@link Locale#ROOT} is the usual
 * approximation (it folds {@code ß} to {@code ss} and the final sigma to {@code σ}, as full case folding
 * does), and the last NFKC pass puts back the composed forms that case mapping can split. So {@code Alice},
 * {@code ALICE} and the full-width {@code Ａｌｉｃｅ} are one account. Thread-safe and stateless.
 */
public final class Usernames {

    /** Longest username accepted, in characters, as typed. */
    public static final int MAX_LENGTH = 256;
    /** Longest after normalisation, which can expand a name (a ligature becomes letters). */
    static final int MAX_NORMALIZED_LENGTH = 1024;

    private Usernames() {
    }

    /** The key under which a username is stored and throttled. */
    public static String normalize(String username) {
        String compatible = Normalizer.normalize(username, Normalizer.Form.NFKC);
        String folded = compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }

    /**
     * The normalised form of a name a new account may take.
     *
     * @throws InvalidInputException for a blank or over-long name, or one with control characters
     */
    public static String checkedNormalize(String username) {
        if (username.isBlank() || username.length() > MAX_LENGTH) {
            throw new InvalidInputException("username: expected 1 to " + MAX_LENGTH + " characters, not all blank");
        }
        for (int i = 0; i < username.length(); i++) {
            if (Character.isISOControl(username.charAt(i))) {
                throw new InvalidInputException("username: control characters are not allowed");
            }
        }
        String normalized = normalize(username);
        if (normalized.length() > MAX_NORMALIZED_LENGTH) {
            throw new InvalidInputException("username: too long after normalisation");
        }
        return normalized;
    }

    /** Whether a normalised name could belong to an account at all; longer ones are looked up by no store. */
    public static boolean fitsAnAccount(String normalizedUsername) {
        return normalizedUsername.length() <= MAX_NORMALIZED_LENGTH;
    }
}
