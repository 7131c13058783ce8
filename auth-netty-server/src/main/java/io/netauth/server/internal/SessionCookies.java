package io.netauth.server.internal;

import io.netauth.core.internal.OpaqueTokens;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The browser's cookies: the session cookie (an opaque 256-bit id) and the pre-session cookie that a sign-in
 * form's anti-CSRF token is tied to. On https without a domain they are {@code __Host-} cookies (bound to this
 * host, Secure, Path=/), on https with {@code session-cookie-domain} {@code __Secure-} cookies, and on http plain
 * ones (a development set-up: the prefixes need Secure). Always HttpOnly and SameSite=Lax. Not API.
 *
 * <p>An anti-CSRF token is the SHA-256 of a cookie's secret value under a fixed label: a page that knows the
 * session (or pre-session) can put it in its forms, another site cannot compute it, and every process checks it
 * without a shared key.
 */
final class SessionCookies {

    private final boolean secure;
    private final String domain;
    private final String sessionName;
    private final String preSessionName;

    /**
     * @param issuer the public URL of the server: its scheme decides Secure and the prefixes
     * @param domain {@code session-cookie-domain}, or empty
     */
    SessionCookies(String issuer, String domain) {
        this.secure = issuer.startsWith("https:");
        this.domain = domain.isEmpty() ? null : domain;
        String prefix = !secure ? "" : this.domain == null ? "__Host-" : "__Secure-";
        this.sessionName = prefix + "netauth_session";
        this.preSessionName = prefix + "netauth_presession";
    }

    /** The session id the request carries, or {@code null}. */
    String session(HttpRequest request) {
        return value(request, sessionName);
    }

    /** The pre-session value the request carries, or {@code null}. */
    String preSession(HttpRequest request) {
        return value(request, preSessionName);
    }

    /** {@code Set-Cookie} for a new session. */
    String setSession(String id, Duration maxAge) {
        return encode(sessionName, id, maxAge.getSeconds(), domain);
    }

    /** {@code Set-Cookie} that removes the session cookie. */
    String clearSession() {
        return encode(sessionName, "", 0, domain);
    }

    /** {@code Set-Cookie} for a new pre-session, kept to this host, for an hour of filling in forms. */
    String setPreSession(String value) {
        return encode(preSessionName, value, Duration.ofHours(1).getSeconds(), null);
    }

    /** A new pre-session value. */
    static String newPreSession() {
        return OpaqueTokens.newToken();
    }

    /** The anti-CSRF token of forms tied to {@code secret} (a session id or a pre-session value). */
    static String csrfToken(String secret) {
        byte[] digest = sha256("netauth-csrf\u0000" + secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /**
     * What a sign-in's MFA token is bound to: the SHA-256 of the pre-session cookie's value under a label of its
     * own, so that it is neither the value nor the anti-CSRF token shown in the page. It travels only inside the
     * sealed MFA token.
     */
    static String browserBinding(String preSession) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256("netauth-mfa-browser\u0000"
                + preSession));
    }

    /** Whether a form's token is the one of {@code secret}; compared in constant time. */
    static boolean csrfMatches(String secret, String token) {
        if (secret == null || token == null) {
            return false;
        }
        return java.security.MessageDigest.isEqual(csrfToken(secret).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    private String encode(String name, String value, long maxAge, String cookieDomain) {
        DefaultCookie cookie = new DefaultCookie(name, value);
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setSecure(secure);
        cookie.setSameSite(CookieHeaderNames.SameSite.Lax);
        cookie.setMaxAge(maxAge);
        if (cookieDomain != null) {
            cookie.setDomain(cookieDomain);
        }
        return ServerCookieEncoder.STRICT.encode(cookie);
    }

    private static String value(HttpRequest request, String name) {
        String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null || header.length() > 8192) {
            return null;
        }
        for (Cookie cookie : ServerCookieDecoder.STRICT.decodeAll(header)) {
            if (cookie.name().equals(name)) {
                return cookie.value();
            }
        }
        return null;
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
