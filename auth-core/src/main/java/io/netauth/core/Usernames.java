package io.netauth.core;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UCharacterDirection;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Locale;

/**
 * The one definition of "the same username", of a name a new account may take, and of "too like an existing
 * one". Thread-safe and stateless (ICU's checker is immutable once built).
 *
 * <p><b>The key</b> ({@link #normalize}) under which a name is stored, looked up and throttled: Unicode NFKC, then
 * case folding, then NFKC again. The JDK has no full case folding; upper-casing then lower-casing in
 * {@link Locale#ROOT} is the usual approximation (it folds {@code ß} to {@code ss} and the final sigma to
 * {@code σ}, as full case folding does). It is the same function that made every stored key, so an account made
 * under an older rule is still found by its name.
 *
 * <p><b>The profile</b> ({@link #checkedNormalize}) that a new or renamed account must pass: RFC 8265's
 * UsernameCaseMapped profile (PRECIS), made stricter. After width mapping (RFC 8265 section 3.3.1, step 1), every
 * code point is a letter, a combining mark or a decimal digit (RFC 8264 section 9.1's LetterDigits) or printable
 * ASCII other than the space; no spaces at all, no controls, no bidirectional controls, no default-ignorable or
 * other invisible code points, no compatibility characters other than the width variants (ligatures,
 * superscripts); RFC 5893's Bidi Rule where right-to-left characters occur; no name starting with {@code =},
 * {@code +}, {@code -} or {@code @}, which spreadsheets read as a formula; and one script (or one of the
 * combinations of Han with Japanese or Korean, or Latin with them) as UTS #39 section 5.2's "Highly Restrictive"
 * level allows, with one kind of digits. For every name the profile accepts, the key equals the profile's own
 * width mapping, case mapping and NFC. The code point properties come from ICU4J, never from a table of ours.
 *
 * <p><b>Confusables</b> ({@link #confusableKey}): UTS #39 section 4's skeleton of the key, without
 * the invisible code points that older names may hold. Names with the same skeleton look alike ({@code alice} written in Cyrillic, {@code rn} and {@code m}); the store keeps the
 * key unique, so a new account can not look like an existing one.
 */
public final class Usernames {

    /** Longest username accepted, in characters, as typed. */
    public static final int MAX_LENGTH = 256;
    /** Longest after normalisation, which can expand a name (a ligature becomes letters). */
    static final int MAX_NORMALIZED_LENGTH = 1024;
    /** First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection). */
    private static final String FORMULA_STARTS = "=+-@";
    private static final String FORMULA = "may not start with =, +, - or @";
    /** Skeleton characters a confusable key keeps as they are; the column holds 64 more (a digest). */
    static final int SKELETON_KEPT = 64;
    /** Never used itself: each digest works on a clone, so that it can be shared by every thread. */
    private static final MessageDigest SHA_256 = sha256();

    /**
     * ICU's normalisers and checker, loaded with their data on the first check rather than by the first login,
     * whose lookup key needs only the JDK.
     */
    private static final class Icu {
        static final Normalizer2 NFC = Normalizer2.getNFCInstance();
        static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
        static final SpoofChecker CHECKER = new SpoofChecker.Builder()
                .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.MIXED_NUMBERS | SpoofChecker.INVISIBLE)
                .setRestrictionLevel(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE)
                .build();
    }

    private Usernames() {
    }

    /** The key under which a username is stored and throttled. */
    public static String normalize(String username) {
        String compatible = Normalizer.normalize(username, Normalizer.Form.NFKC);
        String folded = compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }

    /**
     * The normalised form of a name a new (or renamed) account may take.
     *
     * @throws InvalidInputException naming the rule the name breaks
     */
    public static String checkedNormalize(String username) {
        String problem = problem(username);
        if (problem != null) {
            throw new InvalidInputException("username: " + problem);
        }
        return normalize(username);
    }

    /**
     * Why no new account may take {@code username}, or {@code null} if one may: what {@link #checkedNormalize}
     * refuses, and what {@code users check-names} reports of existing accounts.
     */
    public static String problem(String username) {
        if (username.isEmpty() || username.length() > MAX_LENGTH) {
            return "expected 1 to " + MAX_LENGTH + " characters";
        }
        if (printableAscii(username)) {
            // Nothing to map, one script, no marks, left to right: ICU would find nothing else (most names, and
            // every line of most imports, take this path).
            return FORMULA_STARTS.indexOf(username.charAt(0)) >= 0 ? FORMULA : null;
        }
        String mapped = Icu.NFC.normalize(widthMapped(username));
        for (int i = 0; i < mapped.length(); ) {
            int c = mapped.codePointAt(i);
            String refused = refused(c);
            if (refused != null) {
                return refused + " (" + codePoint(c) + ")";
            }
            i += Character.charCount(c);
        }
        if (!Icu.NFKC.isNormalized(mapped)) {
            return "compatibility characters (ligatures, superscripts, circled or styled letters) are not allowed";
        }
        if (FORMULA_STARTS.indexOf(mapped.charAt(0)) >= 0) {
            return FORMULA;
        }
        if (!passesBidiRule(mapped)) {
            return "right-to-left text must follow RFC 5893's Bidi Rule";
        }
        if (Icu.CHECKER.failsChecks(mapped)) {
            return "mixes scripts or kinds of digits (UTS #39 highly restrictive)";
        }
        if (normalize(username).length() > MAX_NORMALIZED_LENGTH) {
            return "too long after normalisation";
        }
        return null;
    }

    /**
     * The UTS #39 skeleton of a normalised name, equal for names that look alike, as a key a unique index can
     * hold: the skeleton itself up to {@value #SKELETON_KEPT} characters; a longer one is cut there and followed by
     * {@code #} and a digest of the whole, so that the key stays short and exact. The key keeps the names' order
     * (a random digest alone made a million-name import in a small heap rewrite H2's index pages without end).
     */
    public static String confusableKey(String normalizedUsername) {
        String skeleton = Icu.CHECKER.getSkeleton(visible(normalizedUsername));
        if (skeleton.length() <= SKELETON_KEPT) {
            return skeleton;
        }
        try {
            MessageDigest sha256 = (MessageDigest) SHA_256.clone(); // a copy costs less than a provider lookup
            byte[] digest = sha256.digest(skeleton.getBytes(StandardCharsets.UTF_8));
            int cut = Character.isHighSurrogate(skeleton.charAt(SKELETON_KEPT - 1)) ? SKELETON_KEPT - 1
                    : SKELETON_KEPT; // never half a surrogate pair, which PostgreSQL could not store
            return skeleton.substring(0, cut) + '#'
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * The name without what a reader cannot see (spaces, controls, bidirectional controls, default-ignorable
     * code points), which only names made under an older rule hold: {@code " alice"} looks like {@code alice}.
     */
    private static String visible(String name) {
        StringBuilder out = null;
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            boolean hidden = hidden(c);
            if (hidden && out == null) {
                out = new StringBuilder(name.length()).append(name, 0, i);
            }
            if (out != null && !hidden) {
                out.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        return out == null ? name : out.toString();
    }

    /** Whether a normalised name could belong to an account at all; longer ones are looked up by no store. */
    public static boolean fitsAnAccount(String normalizedUsername) {
        return normalizedUsername.length() <= MAX_NORMALIZED_LENGTH;
    }

    /**
     * A name as a terminal or a spreadsheet may show it (for {@code users list} and every other listing): code
     * points that are not visible, or that move or hide text (controls, bidirectional controls, default-ignorable
     * and other format characters, separators other than an inner space, unpaired surrogates), are written as
     * {@code \x{hex}}, a backslash as two, and a name a spreadsheet would read as a formula gets a leading
     * {@code '} (OWASP's advice on CSV injection). Names the profile accepts come out unchanged.
     */
    public static String forDisplay(String username) {
        StringBuilder out = new StringBuilder(username.length() + 8);
        if (!username.isEmpty() && (FORMULA_STARTS + "\t\r").indexOf(username.charAt(0)) >= 0) {
            out.append('\'');
        }
        int last = username.length() - 1;
        for (int i = 0; i < username.length(); ) {
            int c = username.codePointAt(i);
            boolean innerSpace = c == ' ' && i > 0 && i < last;
            if (c == '\\') {
                out.append("\\\\");
            } else if (!innerSpace && hidden(c)) {
                out.append("\\x{").append(Integer.toHexString(c)).append('}');
            } else {
                out.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        return out.toString();
    }

    private static boolean hidden(int c) {
        int type = UCharacter.getType(c);
        return type == UCharacterCategory.CONTROL || type == UCharacterCategory.FORMAT
                || type == UCharacterCategory.SURROGATE || type == UCharacterCategory.UNASSIGNED
                || type == UCharacterCategory.PRIVATE_USE || UCharacter.isUWhiteSpace(c)
                || type == UCharacterCategory.SPACE_SEPARATOR || type == UCharacterCategory.LINE_SEPARATOR
                || type == UCharacterCategory.PARAGRAPH_SEPARATOR
                || UCharacter.hasBinaryProperty(c, UProperty.BIDI_CONTROL)
                || UCharacter.hasBinaryProperty(c, UProperty.DEFAULT_IGNORABLE_CODE_POINT);
    }

    private static boolean printableAscii(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** RFC 8265 section 3.3.1's width mapping: a full-width or half-width character becomes its plain form. */
    private static String widthMapped(String username) {
        StringBuilder out = null;
        for (int i = 0; i < username.length(); ) {
            int c = username.codePointAt(i);
            int type = UCharacter.getIntPropertyValue(c, UProperty.DECOMPOSITION_TYPE);
            boolean width = type == UCharacter.DecompositionType.WIDE || type == UCharacter.DecompositionType.NARROW;
            if (width && out == null) {
                out = new StringBuilder(username.length()).append(username, 0, i);
            }
            if (out != null) {
                if (width) {
                    out.append(Icu.NFKC.getDecomposition(c));
                } else {
                    out.appendCodePoint(c);
                }
            }
            i += Character.charCount(c);
        }
        return out == null ? username : out.toString();
    }

    /** Why one code point is refused, or {@code null} if it may be part of a name. */
    private static String refused(int c) {
        if (c > 0x20 && c < 0x7f) {
            return null;
        }
        int type = UCharacter.getType(c);
        if (UCharacter.hasBinaryProperty(c, UProperty.BIDI_CONTROL)) {
            return "bidirectional controls are not allowed";
        }
        if (UCharacter.hasBinaryProperty(c, UProperty.DEFAULT_IGNORABLE_CODE_POINT)) {
            return "invisible (default-ignorable) characters are not allowed";
        }
        if (UCharacter.isUWhiteSpace(c) || type == UCharacterCategory.SPACE_SEPARATOR
                || type == UCharacterCategory.LINE_SEPARATOR || type == UCharacterCategory.PARAGRAPH_SEPARATOR) {
            return "spaces are not allowed";
        }
        if (type == UCharacterCategory.CONTROL) {
            return "control characters are not allowed";
        }
        if (type == UCharacterCategory.SURROGATE) {
            return "unpaired surrogates are not allowed";
        }
        if (!Character.isDefined(c)) {
            return "not yet assigned in this Java's Unicode version"; // the key's NFKC would not know it
        }
        return switch (type) {
            case UCharacterCategory.LOWERCASE_LETTER, UCharacterCategory.UPPERCASE_LETTER,
                    UCharacterCategory.OTHER_LETTER, UCharacterCategory.MODIFIER_LETTER,
                    UCharacterCategory.DECIMAL_DIGIT_NUMBER, UCharacterCategory.NON_SPACING_MARK,
                    UCharacterCategory.COMBINING_SPACING_MARK -> null;
            default -> "only letters, digits and printable ASCII are allowed";
        };
    }

    /**
     * RFC 5893 section 2's Bidi Rule, which RFC 8265 applies to names holding right-to-left characters: such a
     * name starts with a strong character, is of one direction, and ends with a strong character or a digit.
     */
    private static boolean passesBidiRule(String name) {
        boolean rtlDomain = false;
        for (int i = 0; i < name.length(); ) {
            int d = UCharacter.getDirection(name.codePointAt(i));
            rtlDomain |= d == UCharacterDirection.RIGHT_TO_LEFT || d == UCharacterDirection.RIGHT_TO_LEFT_ARABIC
                    || d == UCharacterDirection.ARABIC_NUMBER;
            i += Character.charCount(name.codePointAt(i));
        }
        if (!rtlDomain) {
            return true;
        }
        int first = UCharacter.getDirection(name.codePointAt(0));
        boolean rtl = first == UCharacterDirection.RIGHT_TO_LEFT
                || first == UCharacterDirection.RIGHT_TO_LEFT_ARABIC;
        if (!rtl && first != UCharacterDirection.LEFT_TO_RIGHT) {
            return false; // rule 1
        }
        boolean europeanDigits = false;
        boolean arabicDigits = false;
        int lastStrong = -1;
        for (int i = 0; i < name.length(); ) {
            int d = UCharacter.getDirection(name.codePointAt(i));
            i += Character.charCount(name.codePointAt(i));
            europeanDigits |= d == UCharacterDirection.EUROPEAN_NUMBER;
            arabicDigits |= d == UCharacterDirection.ARABIC_NUMBER;
            boolean neutral = d == UCharacterDirection.EUROPEAN_NUMBER_SEPARATOR
                    || d == UCharacterDirection.COMMON_NUMBER_SEPARATOR
                    || d == UCharacterDirection.EUROPEAN_NUMBER_TERMINATOR
                    || d == UCharacterDirection.OTHER_NEUTRAL || d == UCharacterDirection.BOUNDARY_NEUTRAL;
            boolean allowed = rtl
                    ? neutral || d == UCharacterDirection.RIGHT_TO_LEFT
                            || d == UCharacterDirection.RIGHT_TO_LEFT_ARABIC || d == UCharacterDirection.ARABIC_NUMBER
                            || d == UCharacterDirection.EUROPEAN_NUMBER || d == UCharacterDirection.DIR_NON_SPACING_MARK
                    : neutral || d == UCharacterDirection.LEFT_TO_RIGHT || d == UCharacterDirection.EUROPEAN_NUMBER
                            || d == UCharacterDirection.DIR_NON_SPACING_MARK;
            if (!allowed) {
                return false; // rules 2 and 5
            }
            if (d != UCharacterDirection.DIR_NON_SPACING_MARK) {
                lastStrong = d;
            }
        }
        if (rtl && europeanDigits && arabicDigits) {
            return false; // rule 4
        }
        return rtl // rules 3 and 6
                ? lastStrong == UCharacterDirection.RIGHT_TO_LEFT
                        || lastStrong == UCharacterDirection.RIGHT_TO_LEFT_ARABIC
                        || lastStrong == UCharacterDirection.EUROPEAN_NUMBER
                        || lastStrong == UCharacterDirection.ARABIC_NUMBER
                : lastStrong == UCharacterDirection.LEFT_TO_RIGHT
                        || lastStrong == UCharacterDirection.EUROPEAN_NUMBER;
    }

    private static String codePoint(int c) {
        return String.format(Locale.ROOT, "U+%04X", c);
    }
}
