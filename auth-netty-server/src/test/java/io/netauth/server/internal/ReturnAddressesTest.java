package io.netauth.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The return address after sign-in ({@code rd}) against the known open-redirect shapes. Each refused one is a URL
 * that a browser, parsing by the WHATWG URL Standard, would take to a host that is not allowed (or that this
 * checker cannot prove it would not): the checker reads it by RFC 3986 and refuses wherever the two readings could
 * differ.
 */
class ReturnAddressesTest {

    private final ReturnAddresses addresses = new ReturnAddresses(List.of("app.test", "*.apps.test", "auth.test:8443"));

    @ParameterizedTest
    @ValueSource(strings = {
            "/account",
            "/some/page?x=1&y=2#part",
            "https://app.test/",
            "https://app.test/a?b=c#d",
            "http://app.test:8080/any/port",
            "HTTPS://APP.TEST/a", // RFC 3986 sections 3.1 and 3.2.2: scheme and host are case-insensitive
            "https://App.Test/a",
            "https://x.apps.test/",
            "https://a.b.apps.test/deeper",
            "http://auth.test:8443/"})
    void allowedAddressesAreKept(String rd) {
        assertEquals(rd, addresses.checked(rd));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // Another host, however it is cased.
            "https://evil.example/", "HTTPS://EVIL.EXAMPLE/", "https://apps.test/", "https://xapps.test/",
            "https://app.test.evil.example/", "https://evil.example/https://app.test/", "http://auth.test:8444/",
            // Scheme-relative (RFC 3986 section 4.2), and the backslash that WHATWG reads as a slash.
            "//evil.example/", "///evil.example/", "/\\evil.example/", "\\\\evil.example/", "/\\/evil.example/",
            // A special scheme without its slashes: WHATWG still finds the host evil.example.
            "https:evil.example", "https:/evil.example", "https:///evil.example", "http:evil.example/x",
            // Userinfo: the host is what follows the @.
            "https://app.test@evil.example/", "https://app.test:443@evil.example/", "https://@evil.example/",
            "https://evil.example\\@app.test/", "https://app.test\\.evil.example/",
            // Percent-encoding: a host decoded by the browser, or slashes a proxy may decode in front of us.
            "https://app.test%2eevil.example/", "https://evil.example%2f@app.test/", "https://%61pp.test/",
            "/%2f%2fevil.example", "/%2F%2Fevil.example", "/%5cevil.example", "/%5Cevil.example",
            // Trailing dots: another name as far as cookies and this list go.
            "https://app.test./", "https://x.apps.test./", "https://app.test../",
            // IDN: look-alike letters (a Cyrillic a, a full-width a) and their punycode.
            "https://\u0430pp.test/", "https://\uff41pp.test/", "https://xn--pp-8cd.test/", "https://x.\u0430pps.test/",
            // Whitespace and control characters, which browsers strip or drop before parsing.
            " https://evil.example/", "https://evil.example/ ", "/\t/evil.example", "/\n/evil.example",
            "/\r/evil.example", "\t//evil.example", "https://app.test\u0000.evil.example/", "/\u0000",
            "/\u007f/evil.example", "/\u00a0/evil.example", "/\u2028/evil.example", "https://app.test/\u3000",
            // Other schemes.
            "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
            "ftp://app.test/", "file:///etc/passwd",
            // Not a URL at all.
            "", "app.test", "https://", "https://[::1/", "http://[::1]/"})
    void everythingElseFallsBackToTheAccountPage(String rd) {
        assertEquals(ReturnAddresses.FALLBACK, addresses.checked(rd), rd);
    }

    @org.junit.jupiter.api.Test
    void aMissingOrOverlongAddressFallsBack() {
        assertEquals(ReturnAddresses.FALLBACK, addresses.checked(null));
        assertEquals(ReturnAddresses.FALLBACK, addresses.checked("/" + "a".repeat(8192)));
    }
}
