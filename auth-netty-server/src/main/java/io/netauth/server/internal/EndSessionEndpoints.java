package io.netauth.server.internal;

import io.netauth.core.internal.Failures;
import io.netauth.core.oidc.AuthorizationException;
import io.netauth.core.oidc.LogoutRequest;
import io.netauth.core.oidc.OidcProvider;
import io.netauth.core.session.BrowserSessions;
import io.netauth.core.session.Session;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET/POST /oauth2/logout}: OpenID Connect RP-Initiated Logout 1.0. The request is checked first (a
 * {@code post_logout_redirect_uri} must be registered exactly). When its {@code id_token_hint} names the signed-in
 * user, the client asked for this logout and the session ends at once; otherwise the person confirms on a page
 * whose form carries the session's anti-CSRF token. Then the browser goes to the {@code post_logout_redirect_uri}
 * with {@code state}, or sees that it is signed out. Not API.
 */
final class EndSessionEndpoints {

    static final String PATH = "/oauth2/logout";
    private static final Set<String> PARAMETERS = Set.of("id_token_hint", "client_id", "post_logout_redirect_uri",
            "state", "logout_hint", "ui_locales");

    private final OidcProvider oidc;
    private final BrowserEndpoints browser;
    private final BrowserSessions sessions;
    private final SessionCookies cookies;
    private final WebPages pages;

    EndSessionEndpoints(OidcProvider oidc, BrowserEndpoints browser, BrowserSessions sessions, SessionCookies cookies,
            WebPages pages) {
        this.oidc = oidc;
        this.browser = browser;
        this.sessions = sessions;
        this.cookies = cookies;
        this.pages = pages;
    }

    /** {@code GET} (parameters in the query) or {@code POST} (in the form, possibly the confirmation's). */
    Endpoint logout() {
        return (ctx, request) -> {
            boolean post = request.method().equals(HttpMethod.POST);
            Map<String, String> form = post ? BrowserEndpoints.form(request) : Map.of();
            Map<String, String> parameters = post ? form : query(request);
            Map<String, String> known = new LinkedHashMap<>();
            parameters.forEach((name, value) -> {
                if (PARAMETERS.contains(name) && !value.isEmpty()) {
                    known.put(name, value);
                }
            });
            String id = cookies.session(request);
            boolean confirmed = post && form.containsKey("csrf") && SessionCookies.csrfMatches(id, form.get("csrf"));
            return oidc.logoutRequest(known).thenCompose(logout -> browser.current(request)
                    .thenCompose(session -> decide(logout, session, id, confirmed)))
                    .exceptionally(failure -> {
                        Throwable cause = Failures.cause(failure);
                        if (cause instanceof AuthorizationException refused) {
                            return pages.message(HttpResponseStatus.BAD_REQUEST, "This sign-out link is not valid",
                                    refused.getMessage());
                        }
                        return browser.unavailable(cause);
                    });
        };
    }

    private CompletableFuture<JsonReply> decide(LogoutRequest logout, Optional<Session> session, String id,
            boolean confirmed) {
        if (session.isEmpty()) {
            return CompletableFuture.completedFuture(finished(logout));
        }
        boolean askedByClient = logout.hintSubject() != null
                && logout.hintSubject().equals(session.get().account().id());
        if (!askedByClient && !confirmed) {
            return CompletableFuture.completedFuture(pages.endSession(SessionCookies.csrfToken(id),
                    session.get().account().username(), logout.parameters(), logout.redirect()));
        }
        return sessions.end(id).thenApply(ended -> finished(logout));
    }

    private JsonReply finished(LogoutRequest logout) {
        if (logout.redirect() != null) {
            return BrowserEndpoints.redirect(logout.redirect(), cookies.clearSession());
        }
        return pages.message(HttpResponseStatus.OK, "Signed out", "You are signed out.")
                .withHeaders(Map.of("Set-Cookie", cookies.clearSession()));
    }

    private static Map<String, String> query(FullHttpRequest request) {
        Map<String, String> single = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> parameter : new QueryStringDecoder(request.uri()).parameters()
                .entrySet()) {
            if (parameter.getValue().size() == 1) {
                single.put(parameter.getKey(), parameter.getValue().get(0));
            }
        }
        return single;
    }
}
