package io.netauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
}
