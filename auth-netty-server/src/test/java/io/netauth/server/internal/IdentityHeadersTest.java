package io.netauth.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Every code point, alone, at either end and inside a name, through the one function that builds {@code X-Auth-*}
 * values: the result is a valid field value (RFC 9110 section 5.5: VCHAR with inner SP or HTAB only), as Netty's
 * own validation checks it, and decodes back to what went in.
 */
class IdentityHeadersTest {

    private static final HttpHeaders VALIDATING = DefaultHttpHeadersFactory.headersFactory().newHeaders();

    @Test
    void everyCodePointClassMakesAValidHeaderThatDecodesBack() {
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            String one = Character.toString(c);
            for (String value : new String[] {one, one + "alice", "alice" + one, "al" + one + "ice"}) {
                String encoded = IdentityHeaders.encode(value);
                assertValid(value, encoded);
                boolean surrogate = c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE;
                String expected = surrogate ? value.replace(one, "\uFFFD") : value;
                if (!expected.equals(decode(encoded))) {
                    fail("U+" + Integer.toHexString(c) + " in \"" + value + "\" came back as " + decode(encoded));
                }
            }
        }
    }

    private static void assertValid(String value, String encoded) {
        try {
            VALIDATING.set("X-Auth-Username", encoded);
        } catch (IllegalArgumentException e) {
            fail("Netty refused the encoding of " + codePoints(value) + ": " + e.getMessage());
        }
        if (!encoded.isEmpty() && (encoded.charAt(0) <= ' ' || encoded.charAt(encoded.length() - 1) <= ' ')) {
            fail("whitespace at an end of " + encoded);
        }
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                fail("not printable ASCII: " + codePoints(value) + " -> " + codePoints(encoded));
            }
        }
    }

    @Test
    void surroundingSpacesAreEncodedSoNoProxyTrimsThem() {
        assertEquals("alice%20", IdentityHeaders.encode("alice "));
        assertEquals("%20logamp", IdentityHeaders.encode(" logamp"));
        assertEquals("%20", IdentityHeaders.encode(" "));
        assertEquals("%20%20", IdentityHeaders.encode("  "));
        assertEquals("%09alice%0D%0ASet-Cookie: x", IdentityHeaders.encode("\talice\r\nSet-Cookie: x"));
        assertEquals("openid profile", IdentityHeaders.encode("openid profile"), "an inner space stays");
    }

    @Test
    void printableAsciiPassesAndPercentIsEncoded() {
        assertEquals("alice", IdentityHeaders.encode("alice"));
        assertEquals("admin,user", IdentityHeaders.encode("admin,user"));
        assertEquals("100%25", IdentityHeaders.encode("100%"));
        assertEquals("Zo%C3%AB", IdentityHeaders.encode("Zoë"));
        assertEquals("%E2%80%AEalice", IdentityHeaders.encode("\u202Ealice"));
        assertEquals("%00", IdentityHeaders.encode("\u0000"));
        assertEquals("%7F", IdentityHeaders.encode("\u007F"));
        assertEquals("%F0%9F%98%80", IdentityHeaders.encode("\uD83D\uDE00"));
        assertEquals("%EF%BF%BDx", IdentityHeaders.encode("\uDC00x"));
        assertEquals("", IdentityHeaders.encode(null));
        assertFalse(IdentityHeaders.encode("a\u00A0").endsWith(" "));
    }

    private static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String codePoints(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> out.append("U+").append(Integer.toHexString(c)).append(' '));
        return out.toString().trim();
    }
}
