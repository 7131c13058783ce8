package io.netauth.server.internal;

import io.netauth.core.internal.Failures;
import io.netauth.core.oidc.AuthorizationException;
import io.netauth.core.oidc.AuthorizationRequest;
import io.netauth.core.oidc.OidcProvider;
import io.netauth.core.session.Session;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET/POST /oauth2/authorize} (OpenID Connect Core section 3.1.2) and {@code POST /oauth2/consent}. A
 * request is checked first; then, by its session and {@code prompt}, the browser goes to the sign-in page (which
 * returns here), to the consent page, or back to the client with a code. An error the client may see goes to its
 * redirect URI; one about the client or redirect URI itself is shown, never redirected. Not API.
 */
final class AuthorizationEndpoints {

    static final String AUTHORIZE = "/oauth2/authorize";
    static final String CONSENT = "/oauth2/consent";
    /** Parameters a fresh sign-in satisfies, left out of the address the sign-in returns to. */
    private static final List<String> SATISFIED_BY_SIGN_IN = List.of("max_age", "id_token_hint");
    private static final int MAX_PARAMETERS = 64;

    private final OidcProvider oidc;
    private final BrowserEndpoints browser;
    private final SessionCookies cookies;
    private final WebPages pages;
    private final int maxSignInAddress;

    /**
     * @param maxRequestLine {@code max-initial-line-length}: the sign-in address this server sends a browser to
     *                       must fit its own request line, or the browser could never come back
     */
    AuthorizationEndpoints(OidcProvider oidc, BrowserEndpoints browser, SessionCookies cookies, WebPages pages,
            int maxRequestLine) {
        this.oidc = oidc;
        this.browser = browser;
        this.cookies = cookies;
        this.pages = pages;
        this.maxSignInAddress = maxRequestLine - "GET  HTTP/1.1".length();
    }

    /** {@code GET} or {@code POST /oauth2/authorize}: parameters in the query or in a form body. */
    Endpoint authorize() {
        return (ctx, request) -> {
            Map<String, List<String>> parameters = request.method().equals(HttpMethod.POST)
                    ? BrowserEndpoints.formParameters(request, MAX_PARAMETERS)
                    : new QueryStringDecoder(request.uri()).parameters();
            return answer(oidc.authorizationRequest(parameters).thenCompose(authorization -> browser.current(request)
                    .thenCompose(session -> oidc.next(authorization, session.orElse(null))
                            .thenCompose(step -> switch (step) {
                                case SIGN_IN -> done(signIn(authorization, session.isPresent()));
                                case CONSENT -> oidc.consentForm(authorization, session.get()).thenApply(form ->
                                        pages.consent(SessionCookies.csrfToken(cookies.session(request)),
                                                session.get().account().username(), authorization.client().name(),
                                                authorization.scopes(), form, authorization.redirectUri()));
                                case ISSUE -> oidc.issueCode(authorization, session.get(), false)
                                        .thenApply(location -> BrowserEndpoints.redirect(location, null));
                            }))
                    .exceptionallyCompose(failure -> busy(authorization, failure))));
        };
    }

    /**
     * {@code POST /oauth2/consent}: the person's answer, with the sealed form of the request it answers, from the
     * consent page. The form opens only for the session it was shown in: an altered one, one from another session
     * or an expired one is refused, so the code goes to the client that was shown and no other.
     */
    Endpoint consent() {
        return (ctx, request) -> {
            Map<String, String> form = BrowserEndpoints.form(request);
            String id = cookies.session(request);
            String sealed = form.getOrDefault("request", "");
            return answer(browser.current(request).thenCompose(session -> {
                if (session.isEmpty()) {
                    // Signed out meanwhile: the request starts again, if the form is one this server sealed.
                    return done(oidc.consentParameters(sealed)
                            .map(parameters -> BrowserEndpoints.redirect(AUTHORIZE + "?" + query(parameters), null))
                            .orElseGet(() -> pages.message(HttpResponseStatus.BAD_REQUEST, "Start again",
                                    "This form has expired. Go back to the application and start again.")));
                }
                if (!SessionCookies.csrfMatches(id, form.get("csrf"))) {
                    return done(pages.message(HttpResponseStatus.FORBIDDEN, "Start again",
                            "This form has expired or did not come from this site."));
                }
                Session signedIn = session.get();
                return oidc.consentRequest(sealed, signedIn)
                        .thenCompose(authorization -> ("allow".equals(form.get("decision"))
                                ? oidc.issueCode(authorization, signedIn, true)
                                : CompletableFuture.completedFuture(oidc.denied(authorization)))
                                .thenApply(location -> BrowserEndpoints.redirect(location, null))
                                .exceptionallyCompose(failure -> busy(authorization, failure)));
            }));
        };
    }

    /**
     * The sign-in page, returning to this request once signed in: without {@code prompt=login}, {@code max_age}
     * or {@code id_token_hint}, which the fresh sign-in satisfies (so that the return cannot loop).
     */
    private static String signInAddress(AuthorizationRequest authorization, boolean signedIn) {
        Map<String, String> back = new LinkedHashMap<>(authorization.parameters());
        SATISFIED_BY_SIGN_IN.forEach(back::remove);
        String prompt = back.remove("prompt");
        if (prompt != null) {
            String rest = String.join(" ", java.util.Arrays.stream(prompt.split(" "))
                    .filter(value -> !value.isEmpty() && !value.equals("login")).toList());
            if (!rest.isEmpty()) {
                back.put("prompt", rest);
            }
        }
        StringBuilder address = new StringBuilder("/login?rd=")
                .append(encode(AUTHORIZE + "?" + query(back)));
        if (authorization.loginHint() != null) {
            address.append("&login_hint=").append(encode(authorization.loginHint()));
        }
        if (signedIn) {
            address.append("&reauth=1"); // the form even though a session exists
        }
        return address.toString();
    }

    /**
     * The redirect to the sign-in page; or, when its address would not fit the request line this server accepts
     * (a client sent a state of kilobytes), a page naming the parameter, instead of a redirect the server itself
     * would answer with 414.
     */
    private JsonReply signIn(AuthorizationRequest authorization, boolean signedIn) {
        String address = signInAddress(authorization, signedIn);
        if (address.length() <= maxSignInAddress) {
            return BrowserEndpoints.redirect(address, null);
        }
        Map<String, String> all = new LinkedHashMap<>(authorization.parameters());
        if (authorization.loginHint() != null) {
            all.put("login_hint", authorization.loginHint());
        }
        Map.Entry<String, String> longest = all.entrySet().stream()
                .max(Comparator.comparingInt(e -> e.getValue().length())).orElseThrow();
        return pages.message(HttpResponseStatus.BAD_REQUEST, "Request too long", "The application's sign-in "
                + "request is too long for this server: its " + longest.getKey() + " parameter has "
                + longest.getValue().length() + " characters, and the whole request, encoded, must fit in "
                + maxSignInAddress + ". Tell the application's developers.");
    }

    /** A checked request the server could not finish for want of capacity goes back to its client, told so. */
    private CompletableFuture<JsonReply> busy(AuthorizationRequest authorization, Throwable failure) {
        Throwable cause = Failures.cause(failure);
        if (cause instanceof io.netauth.core.OverloadedException
                || cause instanceof io.netauth.core.StoreUnavailableException) {
            ErrorMapper.toReply(cause); // logs a store failure once, as every endpoint does
            return done(BrowserEndpoints.redirect(oidc.temporarilyUnavailable(authorization), null));
        }
        return CompletableFuture.failedFuture(failure);
    }

    private CompletableFuture<JsonReply> answer(CompletableFuture<JsonReply> work) {
        return work.exceptionally(failure -> {
            Throwable cause = Failures.cause(failure);
            if (cause instanceof AuthorizationException refused) {
                return refused.redirectUri() != null ? BrowserEndpoints.redirect(oidc.errorRedirect(refused), null)
                        : pages.message(HttpResponseStatus.BAD_REQUEST, "This sign-in link is not valid",
                                refused.getMessage());
            }
            return browser.unavailable(cause);
        });
    }

    static String query(Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            query.append(query.isEmpty() ? "" : "&").append(encode(parameter.getKey())).append('=')
                    .append(encode(parameter.getValue()));
        }
        return query.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static CompletableFuture<JsonReply> done(JsonReply reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
