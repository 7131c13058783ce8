package io.netauth.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The session cookie's name and attributes (RFC 6265bis's cookie prefixes), and the anti-CSRF token. */
class SessionCookiesTest {

    @Test
    void httpsWithoutADomainMakesAHostCookie() {
        String set = new SessionCookies("https://auth.example.com", "").setSession("id", Duration.ofHours(12));
        assertTrue(set.startsWith("__Host-netauth_session=id;"), set);
        String lower = set.toLowerCase(Locale.ROOT);
        // RFC 6265bis section 4.1.3.2: __Host- needs Secure, Path=/ and no Domain.
        assertTrue(lower.contains("; secure") && lower.contains("; path=/") && !lower.contains("domain="), set);
        assertTrue(lower.contains("httponly") && set.contains("SameSite=Lax") && set.contains("Max-Age=43200"), set);
    }

    @Test
    void httpsWithADomainMakesASecureCookieForTheParentDomain() {
        String set = new SessionCookies("https://auth.example.com", "example.com").setSession("id", Duration.ofHours(1));
        assertTrue(set.startsWith("__Secure-netauth_session=id;"), set);
        String lower = set.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains("; secure") && lower.contains("domain=example.com"), set);
    }

    @Test
    void plainHttpCannotUseThePrefixes() {
        String set = new SessionCookies("http://localhost:8080", "").setSession("id", Duration.ofHours(1));
        assertTrue(set.startsWith("netauth_session=id;"), set);
        assertFalse(set.toLowerCase(Locale.ROOT).contains("secure"), set);
    }

    @Test
    void theSessionIsReadBackAndTheTokenIsTiedToItsSecret() {
        SessionCookies cookies = new SessionCookies("https://auth.example.com", "");
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        request.headers().set("Cookie", "other=1; __Host-netauth_session=abc; netauth_session=planted");
        assertEquals("abc", cookies.session(request), "only the prefixed name counts on https");
        request.release();
        String token = SessionCookies.csrfToken("secret-one");
        assertTrue(SessionCookies.csrfMatches("secret-one", token));
        assertFalse(SessionCookies.csrfMatches("secret-two", token));
        assertFalse(SessionCookies.csrfMatches(null, token));
        assertFalse(SessionCookies.csrfMatches("secret-one", null));
    }
}
