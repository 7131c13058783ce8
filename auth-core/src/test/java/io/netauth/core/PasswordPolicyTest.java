package io.netauth.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** NIST SP 800-63B revision 4, section 3.1.1.2, as the policy applies it. */
class PasswordPolicyTest {

    private final PasswordPolicy policy = PasswordPolicy.from(Settings.builder()
            .set(CoreSettings.ISSUER, "https://auth.example.com").build());

    private String refusal(String password, String username) {
        return assertThrows(WeakPasswordException.class, () -> policy.check(password, username)).getMessage();
    }

    @Test
    void lengthInCharactersAndNoCompositionRules() {
        assertTrue(refusal("Tr0ub4!", "ann").contains("at least 8 characters"));
        assertEquals("eight ch", policy.check("eight ch", "ann"), "eight characters of any kind");
        assertEquals("alllowercaseletters", policy.check("alllowercaseletters", "ann"), "no composition rules");
        // Counted in characters (code points), not UTF-16 units or bytes: 7 emoji are 14 chars of Java.
        assertTrue(refusal("😀😀😀😀😀😀😀", "ann").contains("too short"));
        assertEquals("😀😀😀😀😀😀😀😀", policy.check("😀😀😀😀😀😀😀😀", "ann"));
        assertTrue(refusal("x".repeat(Passwords.MAX_LENGTH + 1), "ann").contains("too long"));
        assertEquals(64, policy.check("y".repeat(64), "ann").length(), "a maximum of at least 64");
    }

    @Test
    void commonBreachedPasswordsAreRefusedWhateverTheirCase() {
        for (String common : new String[] {"password", "12345678", "iloveyou", "Sunshine1", "QWERTYUIOP"}) {
            assertTrue(refusal(common, "ann").contains("most common passwords"), common);
        }
        assertEquals("violet staple kettle", policy.check("violet staple kettle", "ann"));
    }

    @Test
    void theUsernameAndTheServiceNameAreRefused() {
        assertTrue(refusal("Annabelle1", "annabelle1").contains("username"));
        assertTrue(refusal("auth.example.com", "ann").contains("name of this service"));
        assertTrue(refusal("NetAuth!".replace("!", ""), "ann").contains("too short"), "7 characters: length first");
        assertTrue(refusal("https://auth.example.com", "ann").contains("name of this service"));
    }

    @Test
    void aLongerMinimumForPasswordsThatAreTheOnlyFactor() {
        PasswordPolicy fifteen = PasswordPolicy.from(Settings.builder().set(CoreSettings.PASSWORD_MIN_LENGTH, 15)
                .build());
        assertThrows(WeakPasswordException.class, () -> fifteen.check("fourteen chars", "ann"));
        assertEquals("fifteen chars!!", fifteen.check("fifteen chars!!", "ann"));
    }

    @Test
    void theListHoldsTheLongEntriesOfOneHundredThousandInHalfAMegabyte() {
        BreachedPasswords list = BreachedPasswords.list();
        // nbvcxz ships 100,001 lines. Those shorter than 8 characters are refused by length anyway, and case
        // variants fold into one entry: 38,454 remain, which is still the whole list enforced.
        assertTrue(list.size() > 35_000, "entries: " + list.size());
        assertTrue(list.bytes() < 1_000_000, "bytes: " + list.bytes());
        assertTrue(list.contains("password1"));
        assertFalse(list.contains("violet staple kettle"));
    }

    /** The build's packing (src/build/PackBreachedPasswords.java) keeps every long entry of the raw list, once. */
    @Test
    void thePackedListIsTheRawListsLongEntriesLowerCasedOnceInByteOrder() throws IOException {
        TreeSet<byte[]> expected = new TreeSet<>(Arrays::compareUnsigned);
        try (InputStream raw = getClass().getResourceAsStream("/dictionaries/passwords.txt")) {
            for (String line : new String(raw.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                String entry = line.strip().toLowerCase(Locale.ROOT);
                if (entry.codePointCount(0, entry.length()) >= Passwords.MIN_LENGTH) {
                    expected.add(entry.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        for (byte[] entry : expected) {
            packed.writeBytes(entry);
            packed.write('\n');
        }
        try (InputStream shipped = BreachedPasswords.class.getResourceAsStream(BreachedPasswords.RESOURCE)) {
            assertArrayEquals(packed.toByteArray(), shipped.readAllBytes());
        }
        BreachedPasswords list = BreachedPasswords.list();
        assertEquals(expected.size(), list.size());
        for (byte[] entry : expected) { // the first and the last too: the search's bounds
            assertTrue(list.contains(new String(entry, StandardCharsets.UTF_8)));
        }
        assertFalse(list.contains(new String(expected.first(), StandardCharsets.UTF_8) + "\n"));
        assertFalse(list.contains(""));
    }
}
