package io.netauth.core;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one definition of "the same username": Unicode NFKC, then case folding, then NFKC again.
 *
 * <p>The JDK has no full case folding; upper-casing then lower-casing in {@link Locale#ROOT} is the usual
 * approximation (it folds {@code ß} to {@code ss} and the final sigma to {@code σ}, as full case folding
 * does), and the last NFKC pass puts back the composed forms that case mapping can split. So {@code Alice},
 * {@code ALICE} and the full-width {@code Ａｌｉｃｅ} are one account. Thread-safe and stateless.
 */
public final class Usernames {

    private Usernames() {
    }

    /** The key under which a username is stored and throttled. */
    public static String normalize(String username) {
        String compatible = Normalizer.normalize(username, Normalizer.Form.NFKC);
        String folded = compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }
}
