package io.netauth.core.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class RecoveryCodesTest {

    @Test
    void tenCodesOfEightyBitsEachAsTheUserTypesThem() {
        List<String> codes = new RecoveryCodes().generate();
        assertEquals(10, codes.size());
        assertEquals(10, new HashSet<>(codes).size());
        for (String code : codes) {
            assertTrue(code.matches("[a-z2-7]{4}(-[a-z2-7]{4}){3}"), code);
            // 16 characters of a 32-letter alphabet: 16 * 5 = 80 bits, above the 50.
            String digest = RecoveryCodes.digest("user-1", code);
            assertEquals(64, digest.length());
            assertEquals(digest, RecoveryCodes.digest("user-1", code.toUpperCase(Locale.ROOT).replace("-", " ")),
                    "case, dashes and spaces do not matter");
            assertNotEquals(digest, RecoveryCodes.digest("user-2", code), "salted with the user id");
        }
        assertNull(RecoveryCodes.digest("user-1", "too-short"));
        assertNull(RecoveryCodes.digest("user-1", "abcd-efgh-ijkl-mno1"), "1 is not in the alphabet");
        assertNull(RecoveryCodes.digest("user-1", null));
    }
}
