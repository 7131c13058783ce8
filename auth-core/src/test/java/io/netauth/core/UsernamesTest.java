package io.netauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UsernamesTest {

    @Test
    void caseVariantsAreOneName() {
        assertEquals("alice", Usernames.normalize("Alice"));
        assertEquals("alice", Usernames.normalize("ALICE"));
    }

    @Test
    void fullWidthAndCompatibilityFormsAreOneName() {
        assertEquals("alice", Usernames.normalize("\uFF21\uFF4C\uFF49\uFF43\uFF45"));
        // U+FB01 LATIN SMALL LIGATURE FI
        assertEquals("fina", Usernames.normalize("\uFB01na"));
    }

    @Test
    void sharpSFoldsAsFullCaseFoldingDoes() {
        assertEquals(Usernames.normalize("STRASSE"), Usernames.normalize("straße"));
    }

    @Test
    void composedAndDecomposedAccentsAreOneName() {
        assertEquals(Usernames.normalize("Jos\u00E9"), Usernames.normalize("JOSE\u0301"));
    }

    @Test
    void differentLettersStayDifferent() {
        assertNotEquals(Usernames.normalize("alice"), Usernames.normalize("alice2"));
        assertNotEquals(Usernames.normalize("alice"), Usernames.normalize("al1ce"));
    }

    private static String refusal(String name) {
        return assertThrows(InvalidInputException.class, () -> Usernames.checkedNormalize(name), name).getMessage();
    }

    /** A trailing space was a second account that a proxy, trimming the header (RFC 9110 section 5.5), merged. */
    @Test
    void trailingSpaceUsernameIsRefusedForANewAccount() {
        assertTrue(refusal("alice ").contains("spaces are not allowed"), refusal("alice "));
        assertTrue(refusal(" logamp").contains("spaces are not allowed"));
        assertTrue(refusal("ali ce").contains("U+0020"));
        assertTrue(refusal("alice\u00A0").contains("spaces"));
        assertTrue(refusal("alice\u3000").contains("spaces"));
        assertTrue(refusal("alice\t").contains("spaces"));
    }

    @Test
    void controlBidiAndInvisibleCodePointsAreRefused() {
        assertTrue(refusal("alice\u0000").contains("control"));
        assertTrue(refusal("alice\u007F").contains("control"));
        assertTrue(refusal("\u202Eecila").contains("bidirectional"));
        assertTrue(refusal("alice\u2066").contains("bidirectional"));
        assertTrue(refusal("ali\u200Bce").contains("invisible"));
        assertTrue(refusal("ali\u200Dce").contains("invisible"));
        assertTrue(refusal("ali\u00ADce").contains("invisible"));
        assertTrue(refusal("alice\uFE0F").contains("invisible"));
        assertTrue(refusal("alice\uD800").contains("surrogate"));
        assertTrue(refusal("alice\u2603").contains("only letters"));
        assertTrue(refusal("alice\uE000").contains("only letters"));
    }

    /** UTS #39 section 5.2: Latin with a Cyrillic letter is not "Highly Restrictive". */
    @Test
    void cyrillicLookalikeLetterBesideLatinIsRefused() {
        assertTrue(refusal("ali\u0441e").contains("UTS #39"), refusal("ali\u0441e"));
        assertTrue(refusal("p\u0430ypal").contains("UTS #39"));
        assertTrue(refusal("alpha\u03B1").contains("UTS #39"));
    }

    /** UTS #39 section 4: a name all in Cyrillic passes the restriction level but has alice's skeleton. */
    @Test
    void wholeScriptLookalikeHasTheSameConfusableKey() {
        String cyrillic = "\u0430\u04CF\u0456\u0441\u0435";
        assertNull(Usernames.problem(cyrillic));
        assertEquals(Usernames.confusableKey(Usernames.normalize("alice")),
                Usernames.confusableKey(Usernames.checkedNormalize(cyrillic)));
        assertEquals(Usernames.confusableKey("mary"), Usernames.confusableKey("rnary"));
        assertNotEquals(Usernames.confusableKey("alice"), Usernames.confusableKey("alicia"));
    }

    @Test
    void compatibilityCharactersOtherThanWidthAreRefused() {
        assertEquals("alice", Usernames.checkedNormalize("\uFF21\uFF4C\uFF49\uFF43\uFF45"));
        assertTrue(refusal("\uFB01na").contains("compatibility"));
        assertTrue(refusal("x\u00B2").contains("only letters"));
        assertTrue(refusal("\u24D0lice").contains("only letters"));
    }

    /** OWASP CSV injection: no name starts as a spreadsheet formula. */
    @Test
    void formulaStartsAreRefused() {
        for (String name : new String[] {"=cmd", "+1", "-x", "@sum"}) {
            assertTrue(refusal(name).contains("may not start"), name);
        }
    }

    /** RFC 5893 section 2, rule 1: a right-to-left name starts with a strong character. */
    @Test
    void rightToLeftNamesFollowTheBidiRule() {
        assertNull(Usernames.problem("\u05D3\u05E0\u05D9"));
        assertNull(Usernames.problem("\u05D3\u05E0\u05D91"));
        assertTrue(refusal("1\u05D3\u05E0\u05D9").contains("Bidi Rule"));
    }

    @Test
    void ordinaryNamesAreAccepted() {
        for (String name : new String[] {"alice", "Alice", "john.doe_1", "alice@example.com", "Jos\u00E9",
                "\u5C71\u7530\u305F\u308D\u3046", "\u0410\u043B\u0438\u0441\u0430", "o'brien", "a-b",
                "stra\u00DFe"}) {
            assertNull(Usernames.problem(name), name);
        }
    }

    @Test
    void forDisplayShowsWhatATerminalOrASpreadsheetWouldHide() {
        assertEquals("alice", Usernames.forDisplay("alice"));
        assertEquals("\\x{202e}ecila", Usernames.forDisplay("\u202Eecila"));
        assertEquals("\\x{20}logamp", Usernames.forDisplay(" logamp"));
        assertEquals("alice\\x{20}", Usernames.forDisplay("alice "));
        assertEquals("a b", Usernames.forDisplay("a b"));
        assertEquals("a\\x{1b}[31m", Usernames.forDisplay("a\u001B[31m"));
        assertEquals("'=HYPERLINK(1)", Usernames.forDisplay("=HYPERLINK(1)"));
        assertEquals("'@x", Usernames.forDisplay("@x"));
        assertEquals("a\\\\b", Usernames.forDisplay("a\\b"));
    }

    @Test
    void confusableKeysOfLongNamesStayShortExactAndWhole() {
        String long1 = "a".repeat(200) + "b";
        String long2 = "a".repeat(200) + "c";
        assertNotEquals(Usernames.confusableKey(long1), Usernames.confusableKey(long2));
        assertTrue(Usernames.confusableKey(long1).length() <= 128);
        assertEquals("alice", Usernames.confusableKey("alice"), "a short key is the skeleton itself");
        String astral = "a".repeat(63) + "\uD835\uDC9C".repeat(10); // a surrogate pair across the cut
        String key = Usernames.confusableKey(astral);
        assertTrue(key.length() <= 128, key);
        assertTrue(key.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF), "no half pair: " + key);
    }

    /** The shortcut for printable ASCII answers as ICU's UTS #39 checker does for every such name. */
    @Test
    void printableAsciiNamesPassAsTheFullChecksWouldPassThem() {
        com.ibm.icu.text.SpoofChecker checker = new com.ibm.icu.text.SpoofChecker.Builder()
                .setChecks(com.ibm.icu.text.SpoofChecker.RESTRICTION_LEVEL
                        | com.ibm.icu.text.SpoofChecker.MIXED_NUMBERS | com.ibm.icu.text.SpoofChecker.INVISIBLE)
                .setRestrictionLevel(com.ibm.icu.text.SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE).build();
        java.util.Random random = new java.util.Random(29);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder name = new StringBuilder();
            for (int i = 0, length = 1 + random.nextInt(12); i < length; i++) {
                name.append((char) (0x21 + random.nextInt(0x7e - 0x21 + 1)));
            }
            String s = name.toString();
            assertTrue(!checker.failsChecks(s) && com.ibm.icu.text.Normalizer2.getNFKCInstance().isNormalized(s), s);
            assertEquals("=+-@".indexOf(s.charAt(0)) >= 0, Usernames.problem(s) != null, s);
        }
    }
}
