package io.netauth.core.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.common.BitMatrix;
import java.security.SecureRandom;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

/** Every enrolment code reads back through ZXing's finder-pattern detector, whichever mask that takes. */
class ReadableQrCodeTest {

    /** A secret whose enrolment URI, with the mask ZXing's encoder picks (mask 2), its detector cannot find. */
    static final String HARD_SECRET = "TW6DFNVEFH6QRTFFJ53LDLUFUPMLXG33";

    @Test
    void aCodeTheDetectorCannotFindIsEncodedAgainWithAMaskItCan() {
        String uri = Totp.otpauthUri("localhost:8080", "alice@example.com", new Base32().decode(HARD_SECRET));
        BitMatrix zxingsChoice = ReadableQrCode.encode(uri, -1);
        assertFalse(ReadableQrCode.readsBack(zxingsChoice, uri), "ZXing's own mask gives an unreadable code");

        BitMatrix chosen = ReadableQrCode.encode(uri);
        assertNotEquals(zxingsChoice, chosen);
        assertEquals(zxingsChoice.getWidth(), chosen.getWidth(), "same version, another mask");
        assertTrue(ReadableQrCode.readsBack(chosen, uri));
    }

    @Test
    void aCodeThatReadsKeepsTheEncodersChoice() {
        String uri = Totp.otpauthUri("localhost:8080", "alice@example.com", new byte[Totp.SECRET_BYTES]);
        BitMatrix zxingsChoice = ReadableQrCode.encode(uri, -1);
        assertTrue(ReadableQrCode.readsBack(zxingsChoice, uri));
        assertEquals(zxingsChoice, ReadableQrCode.encode(uri));
    }

    @Test
    void readingBackComparesTheText() {
        BitMatrix code = ReadableQrCode.encode("otpauth://totp/a:b?secret=AAAA");
        assertTrue(ReadableQrCode.readsBack(code, "otpauth://totp/a:b?secret=AAAA"));
        assertFalse(ReadableQrCode.readsBack(code, "otpauth://totp/a:b?secret=AAAB"));
    }

    @Test
    void aTextBeyondAsciiIsEncodedAsUtf8() {
        String text = "Zoë Smith — Zürich";
        assertTrue(ReadableQrCode.readsBack(ReadableQrCode.encode(text), text));
    }

    @Test
    void fourHundredRandomEnrolmentsAllReadBack() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 400; i++) {
            byte[] secret = new byte[Totp.SECRET_BYTES];
            random.nextBytes(secret);
            String uri = Totp.otpauthUri("auth.example.com", "user" + i + "@example.com", secret);
            assertTrue(ReadableQrCode.readsBack(ReadableQrCode.encode(uri), uri), uri);
        }
    }
}
