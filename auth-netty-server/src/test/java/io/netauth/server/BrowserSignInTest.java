package io.netauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.config.Settings;
import io.netauth.core.testing.AuthenticatorApp;
import io.netauth.server.testing.RunningServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The sign-in pages and browser sessions through a real server and HTTP client, as a browser would drive them
 * without script: forms, cookies, redirects, and the session cookie on /auth/verify and /auth/forward.
 */
class BrowserSignInTest {

    private static final String PASSWORD = "correct horse battery";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern MFA_TOKEN = Pattern.compile("name=\"mfa_token\" value=\"([^\"]+)\"");

    private static RunningServer start() {
        Settings settings = Settings.builder().setAll(RunningServer.UNTHROTTLED)
                .set(ServerSettings.ALLOWED_REDIRECT_HOSTS, List.of("app.test", "*.apps.test")).build();
        return RunningServer.builder().config(b -> b.settings(settings)).start();
    }

    /** A browser's state: its cookie jar, reduced to the two cookies this server sets. */
    static final class Browser {
        final RunningServer server;
        String preSession;
        String session;

        Browser(RunningServer server) {
            this.server = server;
        }

        HttpResponse<String> get(String path, String... headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).GET();
            cookies(request);
            if (headers.length > 0) {
                request.headers(headers);
            }
            return remember(server.send(request.build()));
        }

        HttpResponse<String> post(String path, String... fields) {
            StringBuilder form = new StringBuilder();
            for (int i = 0; i < fields.length; i += 2) {
                form.append(form.length() == 0 ? "" : "&").append(fields[i]).append('=')
                        .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
            cookies(request);
            return remember(server.send(request.build()));
        }

        private void cookies(HttpRequest.Builder request) {
            StringBuilder cookie = new StringBuilder();
            if (preSession != null) {
                cookie.append("netauth_presession=").append(preSession);
            }
            if (session != null) {
                cookie.append(cookie.length() == 0 ? "" : "; ").append("netauth_session=").append(session);
            }
            if (cookie.length() > 0) {
                request.header("Cookie", cookie.toString());
            }
        }

        private HttpResponse<String> remember(HttpResponse<String> response) {
            for (String set : response.headers().allValues("set-cookie")) {
                String value = set.substring(set.indexOf('=') + 1, set.indexOf(';'));
                if (set.startsWith("netauth_presession=")) {
                    preSession = value;
                } else if (set.startsWith("netauth_session=")) {
                    session = value.isEmpty() ? null : value;
                }
            }
            return response;
        }
    }

    static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertTrue(m.find(), page.body());
        return m.group(1);
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    @Test
    void signInLandsBackWhereTheBrowserWasGoingAndTheCookieAnswersVerify() throws Exception {
        try (RunningServer server = start()) {
            server.addUser("ann", PASSWORD, "staff");
            Browser browser = new Browser(server);
            HttpResponse<String> page = browser.get("/login?rd=" + URLEncoder.encode("http://app.test/orders?id=7",
                    StandardCharsets.UTF_8));
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
            String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'")
                    && !csp.contains("unsafe-inline") && !csp.contains("script-src"), csp);
            assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""));
            assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(""));
            assertTrue(page.body().contains("<label for=\"username\">") && page.body().contains("<label for=\"password\">"));
            assertFalse(page.body().contains("<script"), "no script on the page");
            String setPre = page.headers().firstValue("set-cookie").orElse("");
            assertTrue(setPre.toLowerCase().contains("httponly") && setPre.contains("SameSite=Lax"), setPre);
            String csrf = csrf(page);

            // A form without the pre-session's token (a login CSRF from another site) is refused.
            Browser attacker = new Browser(server);
            assertEquals(403, attacker.post("/login", "username", "ann", "password", PASSWORD, "csrf", csrf)
                    .statusCode());

            HttpResponse<String> wrong = browser.post("/login", "username", "ann", "password", "nope", "csrf", csrf,
                    "rd", "http://app.test/orders?id=7");
            assertEquals(401, wrong.statusCode());
            assertTrue(wrong.body().contains("The username or password is wrong."), wrong.body());
            assertTrue(wrong.body().contains("value=\"ann\""), "the name stays filled in");

            String before = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"; // a session id the browser brought
            browser.session = before;
            HttpResponse<String> signedIn = browser.post("/login", "username", "ann", "password", PASSWORD,
                    "csrf", csrf, "rd", "http://app.test/orders?id=7");
            assertEquals(303, signedIn.statusCode(), signedIn.body());
            assertEquals("http://app.test/orders?id=7", location(signedIn));
            String setSession = signedIn.headers().allValues("set-cookie").stream()
                    .filter(c -> c.startsWith("netauth_session=")).findFirst().orElse("");
            assertTrue(setSession.toLowerCase().contains("httponly") && setSession.contains("SameSite=Lax")
                    && setSession.contains("Path=/") && setSession.contains("Max-Age="), setSession);
            assertNotEquals(before, browser.session, "a new id at sign-in: no fixation");

            HttpResponse<String> verified = browser.get("/auth/verify");
            assertEquals(200, verified.statusCode(), verified.body());
            assertEquals("ann", verified.headers().firstValue("X-Auth-Username").orElse(""));
            assertEquals("staff", verified.headers().firstValue("X-Auth-Roles").orElse(""));
            assertEquals("pwd", verified.headers().firstValue("X-Auth-AMR").orElse(""));
            assertEquals(200, browser.get("/auth/forward").statusCode());
            assertEquals(401, browser.get("/auth/verify?amr=otp").statusCode(), "no second factor in this session");
            assertEquals(200, browser.get("/account").statusCode());

            // Sign-out: a confirmation page, then a POST with the session's token; the cookie stops working.
            HttpResponse<String> confirm = browser.get("/logout");
            assertEquals(200, confirm.statusCode());
            String stolen = browser.session;
            assertEquals(403, browser.post("/logout", "csrf", "forged").statusCode());
            HttpResponse<String> out = browser.post("/logout", "csrf", csrf(confirm));
            assertEquals(303, out.statusCode());
            assertEquals("/login", location(out));
            assertEquals(null, browser.session, "the cookie is removed");
            browser.session = stolen;
            assertEquals(401, browser.get("/auth/verify").statusCode(), "the session ended, not just the cookie");
            assertEquals(303, browser.get("/account").statusCode());
        }
    }

    @Test
    void forwardAuthSendsBrowsersToTheSignInPageAndOthersA401() throws Exception {
        try (RunningServer server = start()) {
            Browser browser = new Browser(server);
            HttpResponse<String> html = browser.get("/auth/forward", "Accept", "text/html,application/xhtml+xml",
                    "X-Forwarded-Proto", "https", "X-Forwarded-Host", "app.test", "X-Forwarded-Uri", "/reports?q=1");
            assertEquals(302, html.statusCode());
            assertEquals(server.tokens().issuerId() + "/login?rd=" + URLEncoder.encode("https://app.test/reports?q=1",
                    StandardCharsets.UTF_8), location(html));
            assertEquals(401, browser.get("/auth/forward", "Accept", "application/json").statusCode());
            assertEquals(401, browser.get("/auth/verify", "Accept", "text/html").statusCode(),
                    "verify never redirects: nginx's auth_request would turn a 302 into a 500");
        }
    }

    @Test
    void onlyAllowedHostsAreReturnedTo() throws Exception {
        try (RunningServer server = start()) {
            server.addUser("bo", PASSWORD);
            for (String[] rd : new String[][] {
                    {"https://x.apps.test/a", "https://x.apps.test/a"},
                    {"/account", "/account"},
                    {"https://evil.example/", "/account"},
                    {"//evil.example/", "/account"},
                    {"https://app.test@evil.example/", "/account"},
                    {"https://evil.example\\@app.test/", "/account"},
                    {"javascript:alert(1)", "/account"},
                    {"https://apps.test/", "/account"}}) {
                Browser browser = new Browser(server);
                String csrf = csrf(browser.get("/login"));
                HttpResponse<String> signedIn = browser.post("/login", "username", "bo", "password", PASSWORD,
                        "csrf", csrf, "rd", rd[0]);
                assertEquals(303, signedIn.statusCode());
                assertEquals(rd[1], location(signedIn), rd[0]);
            }
        }
    }

    @Test
    void aUserWithTotpTypesACodeAndTheSessionSaysSo() throws Exception {
        try (RunningServer server = start()) {
            server.addUser("cy", PASSWORD);
            String token = LoginContractTest.json(server.postJson("/auth", RunningServer.loginBody("cy", PASSWORD)))
                    .get("token").asText();
            HttpResponse<String> begun = server.send(HttpRequest.newBuilder(server.uri("/auth/mfa/totp"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + PASSWORD + "\"}")).build());
            AuthenticatorApp app = AuthenticatorApp.scan(LoginContractTest.json(begun).get("otpauth_uri").asText());
            java.time.Instant now = java.time.Instant.now();
            server.send(HttpRequest.newBuilder(server.uri("/auth/mfa/totp/confirm"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + app.codeAt(now.minusSeconds(30))
                            + "\"}")).build());

            Browser browser = new Browser(server);
            String csrf = csrf(browser.get("/login"));
            HttpResponse<String> step = browser.post("/login", "username", "cy", "password", PASSWORD, "csrf", csrf);
            assertEquals(200, step.statusCode());
            assertTrue(step.body().contains("autocomplete=\"one-time-code\""), step.body());
            Matcher mfa = MFA_TOKEN.matcher(step.body());
            assertTrue(mfa.find());
            HttpResponse<String> wrongCode = browser.post("/login/mfa", "csrf", csrf, "mfa_token", mfa.group(1),
                    "code", app.codeAt(now.minusSeconds(3600)));
            assertEquals(401, wrongCode.statusCode());
            assertTrue(wrongCode.body().contains("That code is wrong or was already used."));
            HttpResponse<String> done = browser.post("/login/mfa", "csrf", csrf, "mfa_token", mfa.group(1),
                    "code", app.codeAt(now));
            assertEquals(303, done.statusCode(), done.body());
            HttpResponse<String> verified = browser.get("/auth/verify?amr=otp");
            assertEquals(200, verified.statusCode());
            assertEquals("pwd,otp", verified.headers().firstValue("X-Auth-AMR").orElse(""));

            // A password change ends every session of the user, this browser's included.
            HttpResponse<String> changed = server.send(HttpRequest.newBuilder(server.uri("/auth/password"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"current_password\":\"" + PASSWORD
                            + "\",\"new_password\":\"violet staple kettle\"}")).build());
            assertEquals(200, changed.statusCode(), changed.body());
            assertEquals(401, browser.get("/auth/verify").statusCode());
        }
    }

    @Test
    void apiMfaTokenCannotCompleteBrowserSecondStep() throws Exception {
        // A second step completes where its first step was made: the MFA token of the JSON API, or of another
        // browser, does not sign a browser in, and a browser's token does not complete through the API.
        try (RunningServer server = start()) {
            server.addUser("dee", PASSWORD);
            String token = LoginContractTest.json(server.postJson("/auth", RunningServer.loginBody("dee", PASSWORD)))
                    .get("token").asText();
            HttpResponse<String> begun = server.send(HttpRequest.newBuilder(server.uri("/auth/mfa/totp"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + PASSWORD + "\"}")).build());
            AuthenticatorApp app = AuthenticatorApp.scan(LoginContractTest.json(begun).get("otpauth_uri").asText());
            java.time.Instant now = java.time.Instant.now();
            server.send(HttpRequest.newBuilder(server.uri("/auth/mfa/totp/confirm"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + app.codeAt(now.minusSeconds(30))
                            + "\"}")).build());

            HttpResponse<String> apiStep = server.postJson("/auth", RunningServer.loginBody("dee", PASSWORD));
            assertEquals(401, apiStep.statusCode(), apiStep.body());
            String apiToken = LoginContractTest.json(apiStep).get("mfa_token").asText();

            Browser other = new Browser(server);
            String otherCsrf = csrf(other.get("/login"));
            HttpResponse<String> withApiToken = other.post("/login/mfa", "csrf", otherCsrf, "mfa_token", apiToken,
                    "code", app.codeAt(now));
            assertEquals(401, withApiToken.statusCode(), withApiToken.body());
            assertTrue(withApiToken.body().contains("Sign in again"), withApiToken.body());
            assertEquals(null, other.session, "no session for the API's token");

            Browser mine = new Browser(server);
            String csrf = csrf(mine.get("/login"));
            Matcher mfa = MFA_TOKEN.matcher(mine.post("/login", "username", "dee", "password", PASSWORD, "csrf", csrf)
                    .body());
            assertTrue(mfa.find());
            String browserToken = mfa.group(1);
            assertEquals(401, other.post("/login/mfa", "csrf", otherCsrf, "mfa_token", browserToken, "code",
                    app.codeAt(now)).statusCode(), "another browser's token");
            assertEquals(null, other.session);
            HttpResponse<String> viaApi = server.postJson("/auth/mfa", "{\"mfa_token\":\"" + browserToken
                    + "\",\"code\":\"" + app.codeAt(now) + "\"}");
            assertEquals(401, viaApi.statusCode(), viaApi.body());
            assertEquals("invalid_token", LoginContractTest.json(viaApi).get("error").asText());

            // The controls: each token completes where it was made.
            HttpResponse<String> done = mine.post("/login/mfa", "csrf", csrf, "mfa_token", browserToken, "code",
                    app.codeAt(now));
            assertEquals(303, done.statusCode(), done.body());
            assertEquals(200, mine.get("/auth/verify?amr=otp").statusCode());
            HttpResponse<String> api = server.postJson("/auth/mfa", "{\"mfa_token\":\"" + apiToken
                    + "\",\"code\":\"" + app.codeAt(now.plusSeconds(30)) + "\"}");
            assertEquals(200, api.statusCode(), api.body());
        }
    }

    @Test
    void theAccountPageChangesThePasswordAndSetsUpAnAuthenticatorApp() throws Exception {
        try (RunningServer server = start()) {
            server.addUser("di", PASSWORD);
            Browser browser = new Browser(server);
            String preCsrf = csrf(browser.get("/login"));
            assertEquals(303, browser.post("/login", "username", "di", "password", PASSWORD, "csrf", preCsrf)
                    .statusCode());
            HttpResponse<String> account = browser.get("/account");
            assertEquals(200, account.statusCode());
            assertTrue(account.body().contains("Two-step sign-in is <strong>off</strong>"), account.body());
            String csrf = csrf(account);

            HttpResponse<String> weak = browser.post("/account/password", "csrf", csrf, "current_password", PASSWORD,
                    "new_password", "password1");
            assertEquals(400, weak.statusCode());
            assertTrue(weak.body().contains("class=\"error\""), "the policy's reason is shown");
            HttpResponse<String> wrong = browser.post("/account/password", "csrf", csrf, "current_password", "nope",
                    "new_password", "violet staple kettle");
            assertEquals(401, wrong.statusCode());
            String oldSession = browser.session;
            HttpResponse<String> changed = browser.post("/account/password", "csrf", csrf, "current_password",
                    PASSWORD, "new_password", "violet staple kettle");
            assertEquals(303, changed.statusCode(), changed.body());
            assertNotEquals(oldSession, browser.session, "every session ended; this browser got a new one");
            assertEquals(200, browser.get("/auth/verify").statusCode());
            String current = browser.session;
            browser.session = oldSession;
            assertEquals(401, browser.get("/auth/verify").statusCode());
            browser.session = current;

            csrf = csrf(browser.get("/account"));
            HttpResponse<String> enrol = browser.post("/account/totp", "csrf", csrf, "password", "violet staple kettle");
            assertEquals(200, enrol.statusCode(), enrol.body());
            assertTrue(enrol.body().contains("<svg"), "the QR code is on the page");
            Matcher key = Pattern.compile("<code>([A-Z2-7]{32})</code>").matcher(enrol.body());
            assertTrue(key.find(), enrol.body());
            AuthenticatorApp app = AuthenticatorApp.typed(key.group(1));
            HttpResponse<String> mistyped = browser.post("/account/totp/confirm", "csrf", csrf, "code",
                    app.codeAt(java.time.Instant.now().minusSeconds(3600)));
            assertEquals(401, mistyped.statusCode());
            assertTrue(mistyped.body().contains("<code>" + key.group(1) + "</code>"), "the same key, shown again");
            HttpResponse<String> codes = browser.post("/account/totp/confirm", "csrf", csrf, "code", app.code());
            assertEquals(200, codes.statusCode(), codes.body());
            assertEquals(10, codes.body().split("<li>").length - 1, "ten recovery codes");
            assertTrue(browser.get("/account").body().contains("Two-step sign-in is <strong>on</strong>"));
        }
    }

    @Test
    void aConfiguredLogoIsSentInsideThePage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path logo = dir.resolve("logo.svg");
        java.nio.file.Files.writeString(logo, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>");
        Settings settings = Settings.builder().setAll(RunningServer.UNTHROTTLED)
                .set(ServerSettings.UI_TITLE, "Acme")
                .set(ServerSettings.UI_LOGO_FILE, logo.toString()).build();
        try (RunningServer server = RunningServer.builder().config(b -> b.settings(settings)).start()) {
            HttpResponse<String> page = new Browser(server).get("/login");
            assertTrue(page.body().contains("<img class=\"logo\" src=\"data:image/svg+xml;base64,"), page.body());
            assertTrue(page.body().contains("alt=\"Acme\""), "the logo's text is the title");
            assertTrue(page.body().contains("<title>Sign in · Acme</title>"));
        }
        Settings missing = Settings.builder().setAll(RunningServer.UNTHROTTLED)
                .set(ServerSettings.UI_LOGO_FILE, dir.resolve("nope.gif").toString()).build();
        io.netauth.core.config.InvalidSettingException refused = org.junit.jupiter.api.Assertions.assertThrows(
                io.netauth.core.config.InvalidSettingException.class,
                () -> RunningServer.builder().config(b -> b.settings(missing)).start());
        assertTrue(refused.getMessage().contains("ui-logo-file"), refused.getMessage());
    }

    @Test
    void disablingAUserEndsTheirSessions() throws Exception {
        Settings settings = Settings.builder().setAll(RunningServer.UNTHROTTLED)
                .set(io.netauth.core.config.CoreSettings.REVOCATION_SYNC_INTERVAL, java.time.Duration.ofSeconds(1))
                .build();
        try (RunningServer server = RunningServer.builder().config(b -> b.settings(settings).adminApi(true, "admin"))
                .start()) {
            server.addUser("gus", PASSWORD);
            server.addUser("root", "root password long", "admin");
            Browser browser = new Browser(server);
            String csrf = csrf(browser.get("/login"));
            assertEquals(303, browser.post("/login", "username", "gus", "password", PASSWORD, "csrf", csrf)
                    .statusCode());
            assertEquals(200, browser.get("/auth/verify").statusCode());
            String admin = LoginContractTest.json(server.postJson("/auth",
                    RunningServer.loginBody("root", "root password long"))).get("token").asText();
            assertEquals(204, server.send(HttpRequest.newBuilder(server.uri("/admin/users/gus/disable"))
                    .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.noBody()).build())
                    .statusCode());
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
            int status = 200;
            while (status == 200 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                status = browser.get("/auth/verify").statusCode();
            }
            assertEquals(401, status, "the session ends within the sync interval, although it was cached");
        }
    }

    /**
     * A session cookie meets only the configured audience (the audience of the tokens its user is given), and a
     * query typo on /auth/forward is refused as on /auth/verify: neither silently lets a browser through.
     */
    @Test
    void aSessionMeetsOnlyTheConfiguredAudienceAndAQueryTypoIsRefused() throws Exception {
        try (RunningServer server = start()) {
            server.addUser("ann", PASSWORD, "staff");
            Browser browser = new Browser(server);
            String csrf = csrf(browser.get("/login"));
            assertEquals(303, browser.post("/login", "username", "ann", "password", PASSWORD, "csrf", csrf)
                    .statusCode());
            assertEquals(200, browser.get("/auth/verify?audience=netauth").statusCode());
            assertEquals(401, browser.get("/auth/verify?audience=https%3A%2F%2Forders.example").statusCode());
            assertEquals(401, browser.get("/auth/forward?audience=https%3A%2F%2Forders.example",
                    "Accept", "application/json").statusCode());
            HttpResponse<String> typo = browser.get("/auth/forward?AMR=otp", "Accept", "text/html");
            assertEquals(400, typo.statusCode(), typo.body());
            assertTrue(typo.body().contains("invalid_request") && typo.body().contains("'AMR'"), typo.body());
        }
    }

    /** A session's headers carry the account's roles as they are now: a role taken away is gone at once. */
    @Test
    void aRoleTakenAwayLeavesTheSessionsHeadersAtOnce() throws Exception {
        try (RunningServer server = RunningServer.builder().config(b -> b.adminApi(true, "admin")).start()) {
            server.addUser("gus", PASSWORD, "staff", "ops");
            server.addUser("root", "root password long", "admin");
            Browser browser = new Browser(server);
            String csrf = csrf(browser.get("/login"));
            assertEquals(303, browser.post("/login", "username", "gus", "password", PASSWORD, "csrf", csrf)
                    .statusCode());
            assertEquals("staff,ops", browser.get("/auth/verify").headers().firstValue("X-Auth-Roles").orElse(""));
            String admin = LoginContractTest.json(server.postJson("/auth",
                    RunningServer.loginBody("root", "root password long"))).get("token").asText();
            assertEquals(204, server.send(HttpRequest.newBuilder(server.uri("/admin/users/gus/roles"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"roles\":[\"staff\"]}")).build()).statusCode());
            assertEquals("staff", browser.get("/auth/verify").headers().firstValue("X-Auth-Roles").orElse(""),
                    "not the cached account's roles");
        }
    }
}
