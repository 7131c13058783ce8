package io.netauth.server.internal;

import io.netauth.core.AuthMethods;
import io.netauth.core.AuthenticationService;
import io.netauth.core.InvalidCredentialsException;
import io.netauth.core.InvalidTokenException;
import io.netauth.core.OverloadedException;
import io.netauth.core.TooManyAttemptsException;
import io.netauth.core.UserAccount;
import io.netauth.core.internal.Failures;
import io.netauth.core.mfa.InvalidCodeException;
import io.netauth.core.mfa.MfaRequiredException;
import io.netauth.core.session.BrowserSessions;
import io.netauth.core.session.Session;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The pages a person uses: {@code GET/POST /login} (with its second step {@code POST /login/mfa} and the
 * enrolment a role requires, {@code POST /login/enrol}), {@code GET/POST /logout} and {@code GET /account}.
 * The sign-in calls the same core policy as {@code POST /auth} (throttle, one hash, audit); a success starts a
 * browser session with a new id (never one the browser brought: no fixation) and sends the browser back to
 * {@code rd} if allowed. Every POST carries the anti-CSRF token of the session or, before one exists, of the
 * pre-session cookie (so a login CSRF is refused too). Not API.
 */
final class BrowserEndpoints {

    private static final int MAX_FIELD = 8192;
    private static final String FALLBACK_PAGE = ReturnAddresses.FALLBACK;

    private final AuthenticationService auth;
    private final BrowserSessions sessions;
    private final SessionCookies cookies;
    private final WebPages pages;
    private final ReturnAddresses returns;
    private final ClientAddresses clients;
    private final java.util.concurrent.Executor blockingExecutor;

    BrowserEndpoints(AuthenticationService auth, BrowserSessions sessions, SessionCookies cookies, WebPages pages,
            ReturnAddresses returns, ClientAddresses clients, java.util.concurrent.Executor blockingExecutor) {
        this.blockingExecutor = blockingExecutor;
        this.auth = auth;
        this.sessions = sessions;
        this.cookies = cookies;
        this.pages = pages;
        this.returns = returns;
        this.clients = clients;
    }

    /** {@code GET /login}: the form, with a pre-session for its token; a signed-in browser goes on at once. */
    Endpoint loginPage() {
        return (ctx, request) -> current(request).thenCompose(session -> {
            String rd = query(request, "rd");
            if (session.isPresent() && query(request, "reauth") == null) {
                return done(redirect(returns.checked(rd), null));
            }
            // login_hint of an OpenID Connect request (Core section 3.1.2.1) fills the name in.
            String hint = query(request, "login_hint");
            String username = hint == null || hint.length() > io.netauth.core.Usernames.MAX_LENGTH ? "" : hint;
            String pre = cookies.preSession(request);
            if (pre != null && io.netauth.core.internal.OpaqueTokens.wellFormed(pre)) {
                return done(pages.login(HttpResponseStatus.OK, SessionCookies.csrfToken(pre), rd, username, null));
            }
            // A new pre-session's random value is drawn off the event loop: the entropy source may block.
            return io.netauth.core.internal.Offload.to(blockingExecutor, "blockingExecutor",
                    SessionCookies::newPreSession).thenApply(fresh -> pages.login(HttpResponseStatus.OK,
                            SessionCookies.csrfToken(fresh), rd, username, null)
                            .withHeaders(Map.of("Set-Cookie", cookies.setPreSession(fresh))));
        });
    }

    /** {@code POST /login}: the password, then the session, the second step or the enrolment. */
    Endpoint login() {
        return preSessionForm((form, client, browser) -> {
            String rd = form.get("rd");
            String username = form.getOrDefault("username", "");
            String password = form.getOrDefault("password", "");
            String csrf = form.get("csrf");
            if (username.isEmpty() || password.isEmpty() || password.length() > io.netauth.core.Passwords.MAX_LENGTH
                    || username.length() > io.netauth.core.Usernames.MAX_LENGTH) {
                return done(pages.login(HttpResponseStatus.BAD_REQUEST, csrf, rd, username,
                        "Enter your username and password."));
            }
            return auth.signIn(username, password, client, browser)
                    .thenCompose(account -> signedIn(account, AuthMethods.PASSWORD, returns.checked(rd)))
                    .exceptionallyCompose(failure -> {
                        Throwable cause = Failures.cause(failure);
                        if (cause instanceof MfaRequiredException mfa && !mfa.enrolment()) {
                            return done(pages.secondFactor(HttpResponseStatus.OK, csrf, rd, mfa.mfaToken(), null));
                        }
                        if (cause instanceof MfaRequiredException mfa) {
                            return auth.beginTotpForSignIn(mfa.mfaToken(), browser).thenApply(enrolment -> pages.enrol(
                                    HttpResponseStatus.OK, csrf, rd, mfa.mfaToken(), enrolment.qrSvg(),
                                    enrolment.secret(), null));
                        }
                        return done(failedLogin(cause, csrf, rd, username));
                    });
        });
    }

    /**
     * {@code POST /login/mfa}: the code or recovery code of the second step, in the browser whose sign-in opened
     * it: an MFA token of another browser, or of the JSON API, is refused like a spent one.
     */
    Endpoint secondStep() {
        return preSessionForm((form, client, browser) -> {
            String rd = form.get("rd");
            String mfaToken = form.getOrDefault("mfa_token", "");
            String code = form.get("code");
            String recovery = code == null ? form.getOrDefault("recovery_code", "") : null;
            return auth.completeSignIn(mfaToken, code, recovery, client, browser)
                    .thenCompose(account -> signedIn(account, AuthMethods.PASSWORD_AND_OTP, returns.checked(rd)))
                    .exceptionallyCompose(failure -> done(failedStep(Failures.cause(failure), form.get("csrf"), rd,
                            mfaToken)));
        });
    }

    /** {@code POST /login/enrol}: the first code of a factor a role requires; then the recovery codes. */
    Endpoint enrol() {
        return preSessionForm((form, client, browser) -> {
            String rd = form.get("rd");
            String mfaToken = form.getOrDefault("mfa_token", "");
            return auth.confirmTotpForSignIn(mfaToken, form.getOrDefault("code", ""), client, browser)
                    .thenCompose(confirmed -> sessions.start(confirmed.account(), AuthMethods.PASSWORD_AND_OTP)
                            .thenApply(id -> pages.recoveryCodes(confirmed.recoveryCodes(), returns.checked(rd))
                                    .withHeaders(Map.of("Set-Cookie", cookies.setSession(id, sessions.lifetime())))))
                    .exceptionallyCompose(failure -> {
                        Throwable cause = Failures.cause(failure);
                        if (cause instanceof InvalidCodeException) {
                            return auth.pendingTotpOfToken(mfaToken, browser).thenApply(enrolment -> pages.enrol(
                                    HttpResponseStatus.UNAUTHORIZED, form.get("csrf"), rd, mfaToken,
                                    enrolment.qrSvg(), enrolment.secret(),
                                    "That code is wrong. Type the code your app shows now."));
                        }
                        return done(failedStep(cause, form.get("csrf"), rd, mfaToken));
                    });
        });
    }

    /** {@code GET /logout}: asks first, so that a link or an image cannot sign anyone out. */
    Endpoint logoutPage() {
        return (ctx, request) -> current(request).thenApply(session -> session
                .map(s -> pages.logout(SessionCookies.csrfToken(cookies.session(request)), s.account().username()))
                .orElseGet(() -> redirect("/login", null)));
    }

    /** {@code POST /logout}: ends the session on every process and removes the cookie. */
    Endpoint logout() {
        return (ctx, request) -> {
            Map<String, String> form = form(request);
            String id = cookies.session(request);
            if (id == null) {
                return done(redirect("/login", cookies.clearSession()));
            }
            if (!SessionCookies.csrfMatches(id, form.get("csrf"))) {
                return refusedForm();
            }
            return sessions.end(id).thenApply(ended -> redirect("/login", cookies.clearSession()));
        };
    }

    /** {@code GET /account}: the signed-in user's page; without a session, the sign-in that returns here. */
    Endpoint account() {
        return (ctx, request) -> current(request).thenCompose(session -> session.isEmpty()
                ? done(redirect("/login?rd=%2Faccount", null))
                : accountPage(request, session.get(), HttpResponseStatus.OK, null));
    }

    /** {@code POST /account/password}: the current and a new password; every session ends, this one starts anew. */
    Endpoint changePassword() {
        return signedInForm((request, session, form, client) -> auth.changePasswordInBrowser(
                session.account().id(), form.getOrDefault("current_password", ""),
                form.getOrDefault("new_password", ""), client)
                .thenCompose(account -> signedIn(account, session.amr(), FALLBACK_PAGE)));
    }

    /** {@code POST /account/totp}: the password, then the QR code to scan. */
    Endpoint beginTotp() {
        return signedInForm((request, session, form, client) -> auth.beginTotp(session.account().id(),
                form.getOrDefault("password", ""), client).thenApply(enrolment -> pages.accountEnrol(
                        HttpResponseStatus.OK, form.get("csrf"), enrolment.qrSvg(), enrolment.secret(), null)));
    }

    /** {@code POST /account/totp/confirm}: the first code; then the recovery codes. */
    Endpoint confirmTotp() {
        return signedInForm((request, session, form, client) -> auth.confirmTotp(session.account().id(),
                form.getOrDefault("code", ""), client)
                .thenApply(confirmed -> pages.recoveryCodes(confirmed.recoveryCodes(), FALLBACK_PAGE))
                .exceptionallyCompose(failure -> Failures.cause(failure) instanceof InvalidCodeException
                        ? auth.pendingTotp(session.account().id()).thenApply(enrolment -> pages.accountEnrol(
                                HttpResponseStatus.UNAUTHORIZED, form.get("csrf"), enrolment.qrSvg(),
                                enrolment.secret(), "That code is wrong. Type the code your app shows now."))
                        : CompletableFuture.failedFuture(failure)));
    }

    /** {@code POST /account/totp/remove}: the password and a current code. */
    Endpoint removeTotp() {
        return signedInForm((request, session, form, client) -> auth.removeTotp(session.account().id(),
                form.getOrDefault("password", ""), form.getOrDefault("code", ""), client)
                .thenApply(removed -> redirect(FALLBACK_PAGE, null)));
    }

    /** {@code POST /account/recovery-codes}: the password; then ten new codes. */
    Endpoint renewRecoveryCodes() {
        return signedInForm((request, session, form, client) -> auth.renewRecoveryCodes(session.account().id(),
                form.getOrDefault("password", ""), client)
                .thenApply(codes -> pages.recoveryCodes(codes, FALLBACK_PAGE)));
    }

    /**
     * What a sign-in form does, given its checked fields, the client's address and the browser: the digest of its
     * pre-session cookie, which an MFA token of its sign-in is bound to.
     */
    @FunctionalInterface
    private interface PreSessionAction {
        CompletableFuture<JsonReply> run(Map<String, String> form, String client, String browser);
    }

    /** A form of the sign-in: its anti-CSRF token, tied to the pre-session cookie, is checked first. */
    private Endpoint preSessionForm(PreSessionAction action) {
        return (ctx, request) -> {
            Map<String, String> form = form(request);
            String pre = cookies.preSession(request);
            if (!SessionCookies.csrfMatches(pre, form.get("csrf"))) {
                return refusedForm();
            }
            return action.run(form, clients.clientOf(ctx.channel(), request), SessionCookies.browserBinding(pre));
        };
    }

    /** What a signed-in form does, given its checked session and fields. */
    @FunctionalInterface
    private interface SignedInAction {
        CompletableFuture<JsonReply> run(FullHttpRequest request, Session session, Map<String, String> form,
                String client);
    }

    /**
     * A form of the account page: a live session and its anti-CSRF token first; a failure the person can fix
     * shows the account page again with its reason.
     */
    private Endpoint signedInForm(SignedInAction action) {
        return (ctx, request) -> {
            Map<String, String> form = form(request);
            String id = cookies.session(request);
            return current(request).thenCompose(session -> {
                if (session.isEmpty()) {
                    return done(redirect("/login?rd=%2Faccount", null));
                }
                if (!SessionCookies.csrfMatches(id, form.get("csrf"))) {
                    return refusedForm();
                }
                return action.run(request, session.get(), form, clients.clientOf(ctx.channel(), request))
                        .exceptionallyCompose(failure -> accountFailure(request, session.get(),
                                Failures.cause(failure)));
            });
        };
    }

    private CompletableFuture<JsonReply> accountFailure(FullHttpRequest request, Session session, Throwable cause) {
        Said said = Said.of(cause, "The password is wrong.");
        return said == null ? done(unavailable(cause)) : accountPage(request, session, said.status(), said.words())
                .thenApply(page -> page.withHeaders(said.headers()));
    }

    private CompletableFuture<JsonReply> accountPage(FullHttpRequest request, Session session,
            HttpResponseStatus status, String error) {
        String csrf = SessionCookies.csrfToken(cookies.session(request));
        return auth.hasSecondFactor(session.account().id()).thenApply(hasTotp -> pages.account(status, csrf,
                session.account().username(), session.amr(), hasTotp, error));
    }

    /** The request's live session, if its cookie names one. */
    CompletableFuture<Optional<Session>> current(FullHttpRequest request) {
        String id = cookies.session(request);
        return id == null ? CompletableFuture.completedFuture(Optional.empty()) : sessions.find(id);
    }

    private CompletableFuture<JsonReply> signedIn(UserAccount account, List<String> amr, String next) {
        return sessions.start(account, amr).thenApply(id -> redirect(next,
                cookies.setSession(id, sessions.lifetime())));
    }

    /** The answer to a failed password: the same words for every reason a guesser could tell apart. */
    private JsonReply failedLogin(Throwable cause, String csrf, String rd, String username) {
        Said said = Said.of(cause, "The username or password is wrong.");
        return said == null ? unavailable(cause)
                : pages.login(said.status(), csrf, rd, username, said.words()).withHeaders(said.headers());
    }

    private JsonReply failedStep(Throwable cause, String csrf, String rd, String mfaToken) {
        if (cause instanceof InvalidTokenException) {
            return pages.message(HttpResponseStatus.UNAUTHORIZED, "Sign in again",
                    "This sign-in took too long or was already used. Start again.");
        }
        Said said = Said.of(cause, "The password is wrong.");
        return said == null ? unavailable(cause)
                : pages.secondFactor(said.status(), csrf, rd, mfaToken, said.words()).withHeaders(said.headers());
    }

    /**
     * What a person is told, beside the form they filled in, of a failure they can do something about; the API's
     * error codes in words. {@code null} for the others.
     */
    private record Said(HttpResponseStatus status, String words, Map<String, String> headers) {

        static Said of(Throwable cause, String wrongPassword) {
            if (cause instanceof InvalidCredentialsException) {
                return new Said(HttpResponseStatus.UNAUTHORIZED, wrongPassword, Map.of());
            }
            if (cause instanceof InvalidCodeException) {
                return new Said(HttpResponseStatus.UNAUTHORIZED, "That code is wrong or was already used.", Map.of());
            }
            if (cause instanceof TooManyAttemptsException tooMany) {
                String seconds = Long.toString(tooMany.retryAfterSeconds());
                return new Said(HttpResponseStatus.TOO_MANY_REQUESTS, "Too many attempts. Wait " + seconds
                        + " seconds, then try again.", Map.of("Retry-After", seconds));
            }
            if (cause instanceof io.netauth.core.WeakPasswordException) {
                return new Said(HttpResponseStatus.BAD_REQUEST, cause.getMessage(), Map.of());
            }
            if (cause instanceof io.netauth.core.mfa.MfaStateException) {
                return new Said(HttpResponseStatus.CONFLICT, cause.getMessage(), Map.of());
            }
            return null;
        }
    }

    JsonReply unavailable(Throwable cause) {
        if (cause instanceof OverloadedException || cause instanceof io.netauth.core.StoreUnavailableException) {
            return pages.message(HttpResponseStatus.SERVICE_UNAVAILABLE, "Try again in a moment",
                    "The server is busy. Try again in a moment.").withHeaders(Map.of("Retry-After", "1"));
        }
        JsonReply reply = ErrorMapper.toReply(cause); // logs what it does not expect
        return pages.message(reply.status(), "Something went wrong", "The request could not be completed.");
    }

    private CompletableFuture<JsonReply> refusedForm() {
        return done(pages.message(HttpResponseStatus.FORBIDDEN, "Start again",
                "This form has expired or did not come from this site. Open the sign-in page again."));
    }

    private static CompletableFuture<JsonReply> done(JsonReply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    /** A urlencoded body's parameters, at most {@code maxParameters}, as sent. */
    static Map<String, List<String>> formParameters(FullHttpRequest request, int maxParameters) {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || !type.split(";")[0].trim().toLowerCase(Locale.ROOT)
                .equals("application/x-www-form-urlencoded")) {
            throw new ApiException(ApiError.UNSUPPORTED_MEDIA_TYPE,
                    "A form is sent as application/x-www-form-urlencoded.");
        }
        try {
            return QueryStringDecoder.builder().hasPath(false).maxParams(maxParameters).semicolonIsNormalChar(true)
                    .build(request.content().toString(java.nio.charset.StandardCharsets.US_ASCII)).parameters();
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.INVALID_REQUEST, "The form is not valid form encoding.");
        }
    }

    static JsonReply redirect(String location, String setCookie) {
        Map<String, String> headers = setCookie == null ? Map.of("Location", location)
                : Map.of("Location", location, "Set-Cookie", setCookie);
        return new JsonReply(HttpResponseStatus.SEE_OTHER, null, headers, true, false);
    }

    private static String query(FullHttpRequest request, String name) {
        if (request.uri().indexOf('?') < 0) {
            return null;
        }
        List<String> values = new QueryStringDecoder(request.uri()).parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A urlencoded form: each field once, none over {@value #MAX_FIELD} characters. */
    static Map<String, String> form(FullHttpRequest request) {
        Map<String, List<String>> decoded = formParameters(request, 16);
        Map<String, String> form = new HashMap<>();
        for (Map.Entry<String, List<String>> field : decoded.entrySet()) {
            if (field.getValue().size() != 1 || field.getValue().get(0).length() > MAX_FIELD) {
                throw new ApiException(ApiError.INVALID_REQUEST, "A form field is repeated or too long.");
            }
            form.put(field.getKey(), field.getValue().get(0));
        }
        return form;
    }
}
