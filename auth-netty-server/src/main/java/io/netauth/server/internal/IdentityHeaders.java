package io.netauth.server.internal;

import java.nio.charset.StandardCharsets;

/**
 * The one way a value (a username, a role list, a client id, scopes) becomes the value of an {@code X-Auth-*}
 * response header, so that a proxy hands its upstream exactly what the server meant. Printable ASCII passes as it
 * is; everything else is percent-encoded as UTF-8 octets (RFC 3986 section 2.1, as RFC 8187 section 3.2.1 does
 * for header parameters), with upper-case hex digits:
 * <ul>
 *   <li>{@code %} itself, so that decoding is unambiguous;</li>
 *   <li>a space at either end, which is not part of a field value (RFC 9110 section 5.5) and which a proxy
 *       trims, so {@code "alice "} becomes {@code alice%20}, never {@code alice}; a space inside stays;</li>
 *   <li>controls (CR, LF and NUL among them), DEL and every non-ASCII code point, which are not {@code VCHAR};
 *       an unpaired surrogate, which has no UTF-8 form, as U+FFFD.</li>
 * </ul>
 * So the result is always a valid field value (RFC 9110 section 5.5): Netty never refuses it, and no request
 * ends in a 500 for the name it carries. Stateless and thread-safe. Not API.
 */
final class IdentityHeaders {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private IdentityHeaders() {
    }

    /** {@code value} as a header value; {@code null} becomes the empty value. */
    static String encode(String value) {
        if (value == null) {
            return "";
        }
        int last = value.length() - 1;
        StringBuilder out = null;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            int next = i + Character.charCount(c);
            boolean plain = (c > 0x20 && c < 0x7f && c != '%') || (c == ' ' && i > 0 && i < last);
            if (!plain && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                if (plain) {
                    out.append((char) c);
                } else {
                    encode(out, c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE ? 0xFFFD : c);
                }
            }
            i = next;
        }
        return out == null ? value : out.toString();
    }

    private static void encode(StringBuilder out, int codePoint) {
        for (byte b : Character.toString(codePoint).getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
    }
}
