package io.netauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.openid.connect.sdk.OIDCError;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.netauth.core.client.ClientRegistry;
import io.netauth.core.client.ClientSpec;
import io.netauth.core.client.CodeFlow;
import io.netauth.server.testing.BrowserAgent;
import io.netauth.server.testing.OidcClient;
import io.netauth.server.testing.RunningServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consent page of a client that is not trusted, remembered per client and scope, and RP-initiated logout
 * (OpenID Connect RP-Initiated Logout 1.0): with a hint that proves the client asked, without one (a confirmation
 * page), and with an unregistered return address.
 */
class OidcConsentAndLogoutTest {

    static final String REDIRECT = "https://shop.example.test/oidc/callback";
    static final String AFTER_LOGOUT = "https://shop.example.test/bye";
    static final String PASSWORD = "correct horse battery";

    static RunningServer server;
    static ClientRegistry.NewClient shop;
    static final String OTHER_REDIRECT = "https://other.example.test/callback";
    static OidcClient rp;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.builder().issuerOnPort().start();
        server.addUser("pia", PASSWORD);
        server.addUser("quinn", PASSWORD); // never consents: a user of their own, whatever the tests' order
        server.addUser("rex", PASSWORD);
        server.addUser("sam", PASSWORD);
        shop = server.addClient(new ClientSpec("example-shop", Set.of(), List.of(), List.of(), null, null, false,
                new CodeFlow(List.of(REDIRECT), List.of(AFTER_LOGOUT), false, false)));
        rp = new OidcClient(server.tokens().issuerId(), shop.client().id(), shop.secret(), REDIRECT);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static BrowserAgent browser() {
        return new BrowserAgent(URI.create(server.tokens().issuerId())).signsInAs("pia", PASSWORD, null);
    }

    @Test
    void consentIsAskedOncePerScopeAndRemembered() throws Exception {
        BrowserAgent browser = browser();
        rp.signIn(browser, rp.flow("openid profile"));
        assertEquals(1, browser.consentPages());
        rp.signIn(browser, rp.flow("openid profile"));
        assertEquals(1, browser.consentPages(), "the answer is remembered for this client");
        rp.signIn(browser, rp.flow("openid email"));
        assertEquals(2, browser.consentPages(), "a scope not granted yet is asked");
        rp.signIn(browser, rp.flow("openid", r -> r.prompt(new Prompt(Prompt.Type.CONSENT))));
        assertEquals(3, browser.consentPages(), "Core 3.1.2.1: prompt=consent always asks");
    }

    @Test
    void theConsentPageNamesTheClientAndTheScopesAndAllowsTheRedirect() throws Exception {
        BrowserAgent browser = browser().consents(false);
        assertNull(browser.open("/login")); // signed in through the plain sign-in page first
        assertEquals(1, browser.signIns());
        HttpResponse<String> page = browser.get(rp.flow("openid offline_access").uri());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<strong>example-shop</strong> asks to:"), page.body());
        assertTrue(page.body().contains("Stay connected when you are away"), page.body());
        // Chromium applies form-action to the redirect that follows the form: the client's origin is named.
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow()
                .endsWith(" https://shop.example.test"), page.headers().toString());
    }

    @Test
    void consentWithTamperedClientIdIsRefused() throws Exception {
        // The consent answers the request that was shown, and no other: a form whose client was changed, a plain
        // request of the answerer's making, or a form shown in another session gets no code.
        ClientRegistry.NewClient other = server.addClient(new ClientSpec("other-app", Set.of(), List.of(),
                List.of(), null, null, false, new CodeFlow(List.of(OTHER_REDIRECT), List.of(), false, false)));
        OidcClient otherRp = new OidcClient(server.tokens().issuerId(), other.client().id(), other.secret(),
                OTHER_REDIRECT);
        BrowserAgent rex = new BrowserAgent(URI.create(server.tokens().issuerId())).signsInAs("rex", PASSWORD, null);
        assertNull(rex.open("/login"));
        HttpResponse<String> page = rex.get(rp.flow("openid profile").uri());
        assertEquals(200, page.statusCode(), page.body());
        Map<String, String> shown = BrowserAgent.hiddenFields(page.body());

        Map<String, String> changed = new LinkedHashMap<>(shown);
        changed.put("decision", "allow");
        changed.put("request", URI.create(otherRp.flow("openid profile").uri()).getRawQuery());
        assertNoCode(rex.post("/oauth2/consent", changed), "a plain request naming another client");
        String sealed = shown.get("request");
        int middle = sealed.length() / 2;
        changed.put("request", sealed.substring(0, middle) + (sealed.charAt(middle) == 'A' ? 'B' : 'A')
                + sealed.substring(middle + 1));
        assertNoCode(rex.post("/oauth2/consent", changed), "an altered form");

        BrowserAgent sam = new BrowserAgent(URI.create(server.tokens().issuerId())).signsInAs("sam", PASSWORD, null);
        assertNull(sam.open("/login"));
        Map<String, String> samsForm = BrowserAgent.hiddenFields(sam.get(otherRp.flow("openid").uri()).body());
        changed.put("request", samsForm.get("request"));
        assertNoCode(rex.post("/oauth2/consent", changed), "a form shown in another session");

        // Without a session the form starts its own request again, never another one.
        BrowserAgent signedOut = new BrowserAgent(URI.create(server.tokens().issuerId()));
        HttpResponse<String> restarted = signedOut.post("/oauth2/consent", Map.of("request", sealed,
                "decision", "allow"));
        assertEquals(303, restarted.statusCode(), restarted.body());
        String again = restarted.headers().firstValue("Location").orElseThrow();
        assertTrue(again.startsWith("/oauth2/authorize?") && again.contains("client_id=" + shop.client().id())
                && !again.contains("code="), again);
        assertNoCode(signedOut.post("/oauth2/consent", Map.of("request", sealed.substring(0, middle)
                + (sealed.charAt(middle) == 'A' ? 'B' : 'A') + sealed.substring(middle + 1), "decision", "allow")),
                "an altered form without a session");

        // The control: the form as shown is allowed, and the code is the shop's.
        Map<String, String> answer = new LinkedHashMap<>(shown);
        answer.put("decision", "allow");
        HttpResponse<String> allowed = rex.post("/oauth2/consent", answer);
        assertEquals(303, allowed.statusCode(), allowed.body());
        String location = allowed.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT + "?code="), location);
    }

    private static void assertNoCode(HttpResponse<String> answer, String what) {
        String location = answer.headers().firstValue("Location").orElse("");
        assertTrue(answer.statusCode() == 400 || answer.statusCode() == 403, what + ": " + answer.statusCode()
                + " " + location);
        assertTrue(!location.contains("code="), what + " got a code: " + location);
    }

    @Test
    void aDeniedConsentIsAccessDeniedAndPromptNoneIsConsentRequired() throws Exception {
        BrowserAgent browser = new BrowserAgent(URI.create(server.tokens().issuerId()))
                .signsInAs("quinn", PASSWORD, null).consents(false);
        String denied = browser.open(rp.flow("openid email profile").uri());
        assertEquals(OAuth2Error.ACCESS_DENIED.getCode(), OidcClient.response(denied).toErrorResponse()
                .getErrorObject().getCode());
        String silent = browser.open(rp.flow("openid email profile offline_access",
                r -> r.prompt(new Prompt(Prompt.Type.NONE))).uri());
        assertEquals(OIDCError.CONSENT_REQUIRED.getCode(), OidcClient.response(silent).toErrorResponse()
                .getErrorObject().getCode());
    }

    /** RP-Initiated Logout 1.0 section 2: a valid hint of the signed-in user needs no confirmation. */
    @Test
    void aLogoutWithTheHintEndsTheSessionAndReturnsWithState() throws Exception {
        BrowserAgent browser = browser();
        OIDCTokens tokens = rp.signIn(browser, rp.flow("openid"));
        HttpResponse<String> answer = browser.get("/oauth2/logout?id_token_hint=" + tokens.getIDTokenString()
                + "&post_logout_redirect_uri=" + encode(AFTER_LOGOUT) + "&state=xyz");
        assertEquals(303, answer.statusCode(), answer.body());
        assertEquals(AFTER_LOGOUT + "?state=xyz", answer.headers().firstValue("Location").orElseThrow());
        String silent = browser.open(rp.flow("openid", r -> r.prompt(new Prompt(Prompt.Type.NONE))).uri());
        assertEquals(OIDCError.LOGIN_REQUIRED.getCode(), OidcClient.response(silent).toErrorResponse()
                .getErrorObject().getCode());
    }

    /** Section 2: without a hint, the OP asks the person; a link alone cannot sign anyone out. */
    @Test
    void aLogoutWithoutTheHintIsConfirmedFirst() throws Exception {
        BrowserAgent browser = browser();
        rp.signIn(browser, rp.flow("openid"));
        HttpResponse<String> page = browser.get("/oauth2/logout?client_id=" + shop.client().id()
                + "&post_logout_redirect_uri=" + encode(AFTER_LOGOUT) + "&state=s");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("An application asks to sign you out"), page.body());
        // Still signed in until the person answers.
        assertTrue(OidcClient.response(browser.open(rp.flow("openid", r -> r.prompt(new Prompt(Prompt.Type.NONE)))
                .uri())).indicatesSuccess());
        HttpResponse<String> confirmed = browser.post("/oauth2/logout", BrowserAgent.hiddenFields(page.body()));
        assertEquals(303, confirmed.statusCode(), confirmed.body());
        assertEquals(AFTER_LOGOUT + "?state=s", confirmed.headers().firstValue("Location").orElseThrow());
        assertTrue(confirmed.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
    }

    /** Section 3: a post_logout_redirect_uri must be registered exactly; otherwise it is not followed. */
    @Test
    void anUnregisteredReturnAddressIsRefused() throws Exception {
        BrowserAgent browser = browser();
        rp.signIn(browser, rp.flow("openid"));
        HttpResponse<String> page = browser.get("/oauth2/logout?client_id=" + shop.client().id()
                + "&post_logout_redirect_uri=" + encode("https://evil.example.test/"));
        assertEquals(400, page.statusCode());
        assertTrue(page.headers().firstValue("Location").isEmpty());
        HttpResponse<String> forged = browser.get("/oauth2/logout?id_token_hint=not.a.token");
        assertEquals(400, forged.statusCode());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
