package io.netauth.core.secret;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** AES-256-GCM sealing under a ring of keys, bound to the row it belongs to. */
class SecretKeysTest {

    private static final byte[] SECRET = "a private key".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSealedValueOpensOnlyInItsOwnRowAndWithItsKey() {
        SecretKeys keys = SecretKeys.parse(SecretKeys.generateKey());
        String sealed = keys.seal(SECRET, "auth_signing_keys:k1");
        assertTrue(SecretKeys.isSealed(sealed));
        assertTrue(sealed.startsWith("v1:" + keys.currentKeyId() + ":"));
        assertFalse(new String(Base64.getUrlDecoder().decode(sealed.substring(sealed.lastIndexOf(':') + 1)),
                StandardCharsets.ISO_8859_1).contains("a private key"), "no plain text in the sealed value");
        assertArrayEquals(SECRET, keys.open(sealed, "auth_signing_keys:k1"));
        assertNotEquals(sealed, keys.seal(SECRET, "auth_signing_keys:k1"), "a fresh nonce each time");
        // Moved to another row: the associated data differs, the tag fails.
        assertThrows(SecretKeyException.class, () -> keys.open(sealed, "auth_signing_keys:k2"));
        // Altered: one character of the ciphertext changed.
        char last = sealed.charAt(sealed.length() - 2);
        String altered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A')
                + sealed.charAt(sealed.length() - 1);
        assertThrows(SecretKeyException.class, () -> keys.open(altered, "auth_signing_keys:k1"));
        // Another ring that lacks the key names the key it needs.
        SecretKeys other = SecretKeys.parse(SecretKeys.generateKey());
        SecretKeyException missing = assertThrows(SecretKeyException.class,
                () -> other.open(sealed, "auth_signing_keys:k1"));
        assertTrue(missing.getMessage().contains(keys.currentKeyId()), missing.getMessage());
    }

    /**
     * RFC 4648 section 3.5: the pad bits of the last character must be zero, and a decoder may refuse them
     * otherwise. Java's decoder ignores them, so a sealed value would have four spellings for a length of one more
     * than a multiple of three bytes and two for two more; single-use values (codes, MFA tokens) are recorded by a
     * digest of their spelling, so every other spelling is refused.
     */
    @Test
    void aSealedValueHasOneSpelling() {
        SecretKeys keys = SecretKeys.parse(SecretKeys.generateKey());
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int respelled = 0;
        for (int extra = 0; extra < 3; extra++) {
            byte[] plain = new byte[SECRET.length + extra]; // 12 + n + 16 bytes: each remainder of 3 once
            String sealed = keys.seal(plain, "row");
            assertArrayEquals(plain, keys.open(sealed, "row"));
            char last = sealed.charAt(sealed.length() - 1);
            String flipped = sealed.substring(0, sealed.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
            boolean padBitsInLast = (12 + plain.length + 16) % 3 != 0;
            if (padBitsInLast) {
                assertArrayEquals(Base64.getUrlDecoder().decode(sealed.substring(sealed.lastIndexOf(':') + 1)),
                        Base64.getUrlDecoder().decode(flipped.substring(flipped.lastIndexOf(':') + 1)),
                        "the JDK's decoder reads both spellings as the same bytes");
                respelled++;
            }
            assertThrows(SecretKeyException.class, () -> keys.open(flipped, "row"));
        }
        assertEquals(2, respelled, "two of the three lengths end in a character with pad bits");
        // A token is the same sealed value spelt with '.' separators, and only so.
        String token = keys.sealToken(SECRET, "code");
        assertTrue(token.matches("v1\\.[0-9a-f]{8}\\.[A-Za-z0-9_-]+"), token);
        assertArrayEquals(SECRET, keys.openToken(token, "code").orElseThrow());
        assertTrue(keys.openToken(token.replace('.', ':'), "code").isEmpty());
        assertTrue(keys.openToken(token, "another purpose").isEmpty());
    }

    @Test
    void theFirstKeySealsAndEveryKeyOpens() {
        String oldKey = SecretKeys.generateKey();
        String newKey = SecretKeys.generateKey();
        String underOld = SecretKeys.parse(oldKey).seal(SECRET, "row");
        SecretKeys ring = SecretKeys.parse("# rotated\n" + newKey + "\n\n" + oldKey + "\n");
        assertArrayEquals(SECRET, ring.open(underOld, "row"));
        assertFalse(ring.sealedWithCurrentKey(underOld));
        assertTrue(ring.sealedWithCurrentKey(ring.seal(SECRET, "row")));
        assertEquals(2, ring.keyIds().size());
        assertEquals(SecretKeys.parse(newKey).currentKeyId(), ring.currentKeyId());
    }

    @Test
    void nistSp80038dGcmTestCase14() {
        // The AES-256 test case of the GCM specification (McGrew and Viega, test case 14): a zero key, a zero
        // 96-bit nonce, one zero block of plaintext.
        byte[] key = new byte[32];
        byte[] expected = HexFormat.of().parseHex("cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919");
        try {
            javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                    new javax.crypto.spec.GCMParameterSpec(128, new byte[12]));
            assertArrayEquals(expected, cipher.doFinal(new byte[16]), "the JDK's AES-256-GCM, which SecretKeys uses");
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void malformedKeysAreRefusedWithoutEchoingThem() {
        SecretKeyException shortKey = assertThrows(SecretKeyException.class,
                () -> SecretKeys.parse(Base64.getEncoder().encodeToString(new byte[16])));
        assertTrue(shortKey.getMessage().contains("32 bytes"));
        assertThrows(SecretKeyException.class, () -> SecretKeys.parse("not base64 !!"));
        assertThrows(SecretKeyException.class, () -> SecretKeys.parse("# only a comment\n"));
        assertFalse(SecretKeys.looksLikeKeys("/etc/netauth/secrets.key"));
        assertTrue(SecretKeys.looksLikeKeys(SecretKeys.generateKey() + "," + SecretKeys.generateKey()));
    }
}
