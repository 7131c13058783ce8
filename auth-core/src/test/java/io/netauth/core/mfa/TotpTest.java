package io.netauth.core.mfa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.weisj.jsvg.SVGDocument;
import com.github.weisj.jsvg.parser.SVGLoader;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.netauth.core.testing.AuthenticatorApp;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TOTP by RFC 6238, checked against the RFC's own vectors and an independent implementation. */
class TotpTest {

    private static final byte[] SEED_SHA1 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED_SHA256 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED_SHA512 = ("1234567890123456789012345678901234567890123456789012345678901234")
            .getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238 Appendix B: 8-digit codes for the three HMACs at six times. */
    @ParameterizedTest
    @CsvSource({
            "59, 94287082, 46119246, 90693936",
            "1111111109, 07081804, 68084774, 25091201",
            "1111111111, 14050471, 67062674, 99943326",
            "1234567890, 89005924, 91819424, 93441116",
            "2000000000, 69279037, 90698825, 38618901",
            "20000000000, 65353130, 77737706, 47863826"})
    void rfc6238AppendixBTestVectors(long time, String sha1, String sha256, String sha512) {
        long step = Totp.stepOf(Instant.ofEpochSecond(time));
        assertEquals(sha1, new Totp("HmacSHA1", 8).code(SEED_SHA1, step));
        assertEquals(sha256, new Totp("HmacSHA256", 8).code(SEED_SHA256, step));
        assertEquals(sha512, new Totp("HmacSHA512", 8).code(SEED_SHA512, step));
        // The 6-digit code apps show is the same number's last six digits (RFC 4226 section 5.3).
        assertEquals(sha1.substring(2), new Totp().code(SEED_SHA1, step));
    }

    @Test
    void anIndependentLibraryMakesTheCodesWeAcceptFromTheBase32WeShow() {
        Totp totp = new Totp();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            byte[] secret = new byte[Totp.SECRET_BYTES];
            random.nextBytes(secret);
            String base32 = Totp.base32(secret);
            assertEquals(32, base32.length(), "160 bits are 32 base32 characters, no padding");
            assertArrayEquals(secret, new Base32().decode(base32), "commons-codec reads our base32");
            Instant now = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1_000_000_000));
            String code = AuthenticatorApp.typed(base32).codeAt(now);
            assertEquals(OptionalLong.of(Totp.stepOf(now)), totp.matchingStep(secret, code, now));
        }
    }

    @Test
    void oneStepOfDriftEitherWayIsAcceptedTwoAreNot() {
        Totp totp = new Totp();
        byte[] secret = "drift-secret-20bytes".getBytes(StandardCharsets.US_ASCII);
        Instant now = Instant.ofEpochSecond(1_800_000_015L);
        AuthenticatorApp app = AuthenticatorApp.typed(Totp.base32(secret));
        long step = Totp.stepOf(now);
        assertEquals(OptionalLong.of(step - 1), totp.matchingStep(secret, app.codeAt(now.minusSeconds(30)), now));
        assertEquals(OptionalLong.of(step + 1), totp.matchingStep(secret, app.codeAt(now.plusSeconds(30)), now));
        assertTrue(totp.matchingStep(secret, app.codeAt(now.minusSeconds(60)), now).isEmpty());
        assertTrue(totp.matchingStep(secret, app.codeAt(now.plusSeconds(60)), now).isEmpty());
        for (String malformed : new String[] {"", "12345", "1234567", "12a456", " 123456", "１２３４５６"}) {
            assertTrue(totp.matchingStep(secret, malformed, now).isEmpty(), malformed);
        }
    }

    @Test
    void theKeyUriIsWhatAuthenticatorAppsRead() {
        byte[] secret = new byte[Totp.SECRET_BYTES];
        String uri = Totp.otpauthUri("auth.example.com", "Zoë Smith", secret);
        assertTrue(uri.startsWith("otpauth://totp/auth.example.com:Zo%C3%AB%20Smith?secret="), uri);
        AuthenticatorApp app = AuthenticatorApp.scan(uri);
        assertEquals("auth.example.com", app.parameters().get("issuer"));
        assertEquals("SHA1", app.parameters().get("algorithm"));
        assertEquals("6", app.parameters().get("digits"));
        assertEquals("30", app.parameters().get("period"));
        assertEquals(Totp.base32(secret), app.parameters().get("secret"));
    }

    /**
     * The enrolment page's image, drawn as a browser draws it and read by ZXing's detector, as an app's camera
     * reads it. The secret is one whose code, with the mask ZXing's encoder picks itself, that detector cannot find.
     */
    @Test
    void theQrCodeDecodesBackToTheUri() throws Exception {
        byte[] secret = new Base32().decode(ReadableQrCodeTest.HARD_SECRET);
        String uri = Totp.otpauthUri("localhost:8080", "alice@example.com", secret);
        String svg = QrSvg.of(uri, "QR code for localhost:8080");
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg.substring(0, 60));
        assertFalse(svg.contains("<script"), "no script in the image");

        SVGDocument document = new SVGLoader().load(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        int width = (int) document.size().width;
        BufferedImage image = new BufferedImage(width, width, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, width);
        document.render(null, g);
        g.dispose();
        String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new BufferedImageLuminanceSource(image)))).getText();
        assertEquals(uri, decoded);
    }
}
