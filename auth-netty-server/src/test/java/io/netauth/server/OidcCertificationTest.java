package io.netauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.Display;
import com.nimbusds.openid.connect.sdk.OIDCClaimsRequest;
import com.nimbusds.openid.connect.sdk.OIDCError;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.ClaimRequirement;
import com.nimbusds.openid.connect.sdk.claims.ClaimsSetRequest;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.langtag.LangTag;
import io.netauth.core.client.ClientRegistry;
import io.netauth.core.client.ClientSpec;
import io.netauth.core.client.CodeFlow;
import io.netauth.core.testing.MutableClock;
import io.netauth.server.testing.BrowserAgent;
import io.netauth.server.testing.OidcClient;
import io.netauth.server.testing.RunningServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The modules of the OpenID Foundation's {@code oidcc-basic-certification-test-plan} (the conformance suite's
 * {@code OIDCCBasicTestPlan}), one test each, named after its module and checking what that module checks, with
 * Nimbus as the client. The suite itself needs MongoDB, which cannot run here; docs/oidc-certification.md maps
 * each module to its test.
 */
class OidcCertificationTest {

    static final String REDIRECT = "https://rp.example.test/cb";
    static final String PASSWORD = "correct horse battery";

    static final MutableClock clock = new MutableClock(Instant.now());
    static RunningServer server;
    static ClientRegistry.NewClient basic;
    static ClientRegistry.NewClient other;
    static OidcClient rp;
    static String subject;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.builder().issuerOnPort().clock(clock).start();
        server.addUser("cert", PASSWORD, "tester");
        server.database().userDirectory().setEmail("cert", "cert@example.test", false);
        subject = server.database().credentialStore().findByUsername("cert").orElseThrow().account().id();
        // The suite's basic plan sends code_challenge only in its PKCE module: its clients are registered with
        // PKCE optional (clients add ... --pkce optional), as docs/oidc-certification.md says.
        basic = server.addClient(new ClientSpec("cert-rp", Set.of(), List.of(), List.of(), null, null, false,
                new CodeFlow(List.of(REDIRECT), List.of(), false, true, true)));
        other = server.addClient(new ClientSpec("cert-rp-2", Set.of(), List.of(), List.of(), null, null, false,
                new CodeFlow(List.of(REDIRECT), List.of(), false, true, true)));
        rp = new OidcClient(server.tokens().issuerId(), basic.client().id(), basic.secret(), REDIRECT);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static BrowserAgent browser() {
        return new BrowserAgent(URI.create(server.tokens().issuerId())).signsInAs("cert", PASSWORD, null);
    }

    private static IDTokenClaimsSet idToken(OidcClient.Flow flow, OIDCTokens tokens) throws Exception {
        return rp.validate(tokens.getIDToken(), flow.nonce());
    }

    private static ErrorObject redirectedError(String back) throws Exception {
        assertNotNull(back, "expected a redirect to the client");
        AuthenticationErrorResponse error = OidcClient.response(back).toErrorResponse();
        assertEquals(rp.provider().getIssuer(), error.getIssuer()); // RFC 9207: iss on errors too
        return error.getErrorObject();
    }

    @Test
    @DisplayName("oidcc-server: the code flow with client_secret_basic; ID token and state checked")
    void oidccServer() throws Exception {
        OidcClient.Flow flow = rp.flow("openid");
        OIDCTokens tokens = rp.signIn(browser(), flow); // state and iss checked by OidcClient.code
        IDTokenClaimsSet claims = idToken(flow, tokens); // Core 3.1.3.7: signature, iss, aud, exp, iat, nonce
        assertEquals(subject, claims.getSubject().getValue());
        assertEquals(List.of(basic.client().id()), claims.getAudience().stream().map(Object::toString).toList());
        assertNotNull(claims.getIssueTime());
        assertTrue(claims.getExpirationTime().after(claims.getIssueTime()));
    }

    @Test
    @DisplayName("oidcc-response-type-missing: an error to the redirect URI, with state")
    void oidccResponseTypeMissing() throws Exception {
        String back = browser().open("/oauth2/authorize?client_id=" + basic.client().id() + "&redirect_uri="
                + encode(REDIRECT) + "&scope=openid&state=s1&nonce=n1");
        assertEquals(OAuth2Error.INVALID_REQUEST.getCode(), redirectedError(back).getCode());
        assertEquals("s1", OidcClient.response(back).getState().getValue());
    }

    @Test
    @DisplayName("oidcc-idtoken-signature: RS256 with a kid that the JWKS publishes")
    void oidccIdtokenSignature() throws Exception {
        OidcClient.Flow flow = rp.flow("openid");
        SignedJWT idToken = (SignedJWT) rp.signIn(browser(), flow).getIDToken();
        assertEquals(JWSAlgorithm.RS256, idToken.getHeader().getAlgorithm());
        JWKSet jwks = JWKSet.load(rp.provider().getJWKSetURI().toURL());
        assertNotNull(jwks.getKeyByKeyId(idToken.getHeader().getKeyID()));
        idToken(flow, rp.tokens(rp.redeem(rp.code(browser(), flow), flow.verifier())));
    }

    @Test
    @DisplayName("oidcc-idtoken-unsigned: 'none' is not offered, and an unsigned ID token is not accepted")
    void oidccIdtokenUnsigned() throws Exception {
        // The module is skipped by the suite for a provider that does not list 'none' (Core section 16.14).
        assertEquals(List.of(JWSAlgorithm.RS256), rp.provider().getIDTokenJWSAlgs());
        PlainJWT forged = new PlainJWT(new JWTClaimsSet.Builder().issuer(server.tokens().issuerId()).subject(subject)
                .audience(basic.client().id()).build());
        String back = browser().open(rp.flow("openid", r -> r.idTokenHint(forged)).uri());
        assertEquals(OAuth2Error.INVALID_REQUEST.getCode(), redirectedError(back).getCode());
    }

    @Test
    @DisplayName("oidcc-userinfo-get: the bearer token in the header of a GET")
    void oidccUserinfoGet() throws Exception {
        BearerAccessToken token = rp.signIn(browser(), rp.flow("openid")).getBearerAccessToken();
        UserInfo info = rp.userinfo(token).toSuccessResponse().getUserInfo();
        assertEquals(subject, info.getSubject().getValue());
    }

    @Test
    @DisplayName("oidcc-userinfo-post-header: the bearer token in the header of a POST")
    void oidccUserinfoPostHeader() throws Exception {
        BearerAccessToken token = rp.signIn(browser(), rp.flow("openid")).getBearerAccessToken();
        UserInfoResponse response = UserInfoResponse.parse(new UserInfoRequest(rp.provider().getUserInfoEndpointURI(),
                HTTPRequest.Method.POST, token).toHTTPRequest().send());
        assertEquals(subject, response.toSuccessResponse().getUserInfo().getSubject().getValue());
    }

    @Test
    @DisplayName("oidcc-userinfo-post-body: the token as the access_token form field (RFC 6750 section 2.2)")
    void oidccUserinfoPostBody() throws Exception {
        BearerAccessToken token = rp.signIn(browser(), rp.flow("openid")).getBearerAccessToken();
        HttpResponse<String> response = server.postForm("/oauth2/userinfo", null, "access_token=" + token.getValue());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(subject, UserInfo.parse(response.body()).getSubject().getValue());
        // RFC 6750 section 2: never two ways at once.
        assertEquals(400, server.postForm("/oauth2/userinfo", token.toAuthorizationHeader(),
                "access_token=" + token.getValue()).statusCode());
    }

    @Test
    @DisplayName("oidcc-ensure-request-without-nonce-succeeds-for-code-flow: nonce is optional with code")
    void oidccEnsureRequestWithoutNonceSucceedsForCodeFlow() throws Exception {
        String back = browser().open("/oauth2/authorize?response_type=code&client_id=" + basic.client().id()
                + "&redirect_uri=" + encode(REDIRECT) + "&scope=openid&state=s2");
        AuthorizationCode code = OidcClient.response(back).toSuccessResponse().getAuthorizationCode();
        OIDCTokens tokens = rp.tokens(rp.redeem(code, null));
        IDTokenClaimsSet claims = rp.validate(tokens.getIDToken(), null);
        assertNull(claims.getNonce(), "Core 3.1.3.6: no nonce when the request had none");
    }

    @Test
    @DisplayName("oidcc-scope-profile: the profile claims at userinfo")
    void oidccScopeProfile() throws Exception {
        UserInfo info = userinfoAfter("openid profile");
        assertEquals("cert", info.getPreferredUsername());
        assertNotNull(info.getUpdatedTime());
    }

    @Test
    @DisplayName("oidcc-scope-email: email and email_verified at userinfo")
    void oidccScopeEmail() throws Exception {
        UserInfo info = userinfoAfter("openid email");
        assertEquals("cert@example.test", info.getEmailAddress());
        assertEquals(Boolean.FALSE, info.getEmailVerified());
    }

    @Test
    @DisplayName("oidcc-scope-address: an unsupported scope is left out, not an error (RFC 6749 section 3.3)")
    void oidccScopeAddress() throws Exception {
        assertGrantedOnly("openid address", "openid");
    }

    @Test
    @DisplayName("oidcc-scope-phone: an unsupported scope is left out, not an error")
    void oidccScopePhone() throws Exception {
        assertGrantedOnly("openid phone", "openid");
    }

    @Test
    @DisplayName("oidcc-scope-all: every scope at once; the supported ones granted")
    void oidccScopeAll() throws Exception {
        assertGrantedOnly("openid profile email address phone", "openid profile email");
        UserInfo info = userinfoAfter("openid profile email address phone");
        assertEquals("cert", info.getPreferredUsername());
        assertEquals("cert@example.test", info.getEmailAddress());
    }

    @Test
    @DisplayName("oidcc-ensure-other-scope-order-succeeds: openid need not come first")
    void oidccEnsureOtherScopeOrderSucceeds() throws Exception {
        assertEquals("cert@example.test", userinfoAfter("email openid").getEmailAddress());
    }

    @Test
    @DisplayName("oidcc-display-page: display=page is accepted")
    void oidccDisplayPage() throws Exception {
        rp.signIn(browser(), rp.flow("openid", r -> r.display(Display.PAGE)));
    }

    @Test
    @DisplayName("oidcc-display-popup: display=popup is accepted")
    void oidccDisplayPopup() throws Exception {
        rp.signIn(browser(), rp.flow("openid", r -> r.display(Display.POPUP)));
    }

    @Test
    @DisplayName("oidcc-prompt-login: the person signs in again, and auth_time moves on")
    void oidccPromptLogin() throws Exception {
        BrowserAgent browser = browser();
        OidcClient.Flow first = rp.flow("openid");
        IDTokenClaimsSet before = idToken(first, rp.signIn(browser, first));
        clock.advance(Duration.ofSeconds(2));
        OidcClient.Flow again = rp.flow("openid", r -> r.prompt(new Prompt(Prompt.Type.LOGIN)));
        IDTokenClaimsSet after = idToken(again, rp.signIn(browser, again));
        assertEquals(2, browser.signIns(), "Core 3.1.2.1: prompt=login asks for the credentials again");
        assertTrue(after.getAuthenticationTime().after(before.getAuthenticationTime()));
    }

    @Test
    @DisplayName("oidcc-prompt-none-not-logged-in: login_required to the redirect URI")
    void oidccPromptNoneNotLoggedIn() throws Exception {
        String back = new BrowserAgent(URI.create(server.tokens().issuerId()))
                .open(rp.flow("openid", r -> r.prompt(new Prompt(Prompt.Type.NONE))).uri());
        assertEquals(OIDCError.LOGIN_REQUIRED.getCode(), redirectedError(back).getCode());
    }

    @Test
    @DisplayName("oidcc-prompt-none-logged-in: a code without any page")
    void oidccPromptNoneLoggedIn() throws Exception {
        BrowserAgent browser = browser();
        rp.signIn(browser, rp.flow("openid"));
        OidcClient.Flow silent = rp.flow("openid", r -> r.prompt(new Prompt(Prompt.Type.NONE)));
        idToken(silent, rp.signIn(browser, silent));
        assertEquals(1, browser.signIns());
    }

    @Test
    @DisplayName("oidcc-max-age-1: a sign-in older than max_age is asked again; auth_time moves on")
    void oidccMaxAge1() throws Exception {
        BrowserAgent browser = browser();
        OidcClient.Flow first = rp.flow("openid");
        IDTokenClaimsSet before = idToken(first, rp.signIn(browser, first));
        clock.advance(Duration.ofSeconds(2));
        OidcClient.Flow again = rp.flow("openid", r -> r.maxAge(1));
        IDTokenClaimsSet after = idToken(again, rp.signIn(browser, again));
        assertEquals(2, browser.signIns());
        assertNotNull(after.getAuthenticationTime(), "Core 3.1.2.1: auth_time is required with max_age");
        assertTrue(after.getAuthenticationTime().after(before.getAuthenticationTime()));
    }

    @Test
    @DisplayName("oidcc-max-age-10000: a recent sign-in stands; auth_time unchanged")
    void oidccMaxAge10000() throws Exception {
        BrowserAgent browser = browser();
        OidcClient.Flow first = rp.flow("openid");
        IDTokenClaimsSet before = idToken(first, rp.signIn(browser, first));
        OidcClient.Flow again = rp.flow("openid", r -> r.maxAge(10_000));
        IDTokenClaimsSet after = idToken(again, rp.signIn(browser, again));
        assertEquals(1, browser.signIns());
        assertEquals(before.getAuthenticationTime(), after.getAuthenticationTime());
    }

    @Test
    @DisplayName("oidcc-ensure-request-with-unknown-parameter-succeeds: unknown parameters are ignored")
    void oidccEnsureRequestWithUnknownParameterSucceeds() throws Exception {
        rp.signIn(browser(), rp.flow("openid", r -> r.customParameter("extra", "foobar")));
    }

    @Test
    @DisplayName("oidcc-id-token-hint: the ID token as id_token_hint with prompt=none")
    void oidccIdTokenHint() throws Exception {
        BrowserAgent browser = browser();
        OidcClient.Flow first = rp.flow("openid");
        OIDCTokens tokens = rp.signIn(browser, first);
        OidcClient.Flow hinted = rp.flow("openid", r -> r.prompt(new Prompt(Prompt.Type.NONE))
                .idTokenHint(tokens.getIDToken()));
        assertEquals(subject, idToken(hinted, rp.signIn(browser, hinted)).getSubject().getValue());
    }

    @Test
    @DisplayName("oidcc-login-hint: the hint fills in the sign-in page")
    void oidccLoginHint() throws Exception {
        BrowserAgent browser = new BrowserAgent(URI.create(server.tokens().issuerId()));
        assertNull(browser.open(rp.flow("openid", r -> r.loginHint("cert")).uri()));
        assertTrue(browser.lastPage().body().contains("name=\"username\" autocomplete=\"username\" required "
                + "autofocus value=\"cert\""), browser.lastPage().body());
    }

    @Test
    @DisplayName("oidcc-ui-locales: ui_locales is accepted")
    void oidccUiLocales() throws Exception {
        LangTag swedish = LangTag.parse("se");
        rp.signIn(browser(), rp.flow("openid", r -> r.uiLocales(List.of(swedish))));
    }

    @Test
    @DisplayName("oidcc-claims-locales: claims_locales is accepted")
    void oidccClaimsLocales() throws Exception {
        LangTag swedish = LangTag.parse("se");
        rp.signIn(browser(), rp.flow("openid", r -> r.claimsLocales(List.of(swedish))));
    }

    @Test
    @DisplayName("oidcc-ensure-request-with-acr-values-succeeds: acr_values is a voluntary request")
    void oidccEnsureRequestWithAcrValuesSucceeds() throws Exception {
        rp.signIn(browser(), rp.flow("openid", r -> r.acrValues(List.of(new ACR("1"), new ACR("2")))));
    }

    @Test
    @DisplayName("oidcc-codereuse: a second use of a code is refused")
    void oidccCodereuse() throws Exception {
        OidcClient.Flow flow = rp.flow("openid");
        AuthorizationCode code = rp.code(browser(), flow);
        rp.tokens(rp.redeem(code, flow.verifier()));
        assertInvalidGrant(rp.redeem(code, flow.verifier()));
    }

    @Test
    @DisplayName("oidcc-codereuse-30seconds: 30 s later, refused, and the first access token revoked")
    void oidccCodereuse30seconds() throws Exception {
        OidcClient.Flow flow = rp.flow("openid");
        AuthorizationCode code = rp.code(browser(), flow);
        OIDCTokens tokens = rp.tokens(rp.redeem(code, flow.verifier()));
        clock.advance(Duration.ofSeconds(30));
        assertInvalidGrant(rp.redeem(code, flow.verifier()));
        // RFC 6749 section 4.1.2: SHOULD revoke the tokens issued from it; the suite checks userinfo.
        assertFalse(rp.userinfo(tokens.getBearerAccessToken()).indicatesSuccess());
    }

    @Test
    @DisplayName("oidcc-ensure-registered-redirect-uri: an unregistered redirect URI is shown, not followed")
    void oidccEnsureRegisteredRedirectUri() throws Exception {
        BrowserAgent browser = browser();
        String uri = rp.flow("openid").uri().replace(encode(REDIRECT), encode(REDIRECT + "/unregistered"));
        assertNull(browser.open(uri));
        assertEquals(400, browser.lastPage().statusCode());
        assertTrue(browser.lastPage().headers().firstValue("Location").isEmpty());
    }

    @Test
    @DisplayName("oidcc-ensure-post-request-succeeds: the authorization request as a form POST (Core 3.1.2.1)")
    void oidccEnsurePostRequestSucceeds() throws Exception {
        OidcClient.Flow flow = rp.flow("openid");
        BrowserAgent browser = browser();
        browser.open(rp.flow("openid").uri()); // signed in
        Map<String, String> form = new java.util.LinkedHashMap<>();
        flow.request().toParameters().forEach((name, values) -> form.put(name, values.get(0)));
        HttpResponse<String> answer = browser.post("/oauth2/authorize", form);
        assertEquals(303, answer.statusCode(), answer.body());
        AuthorizationCode code = OidcClient.response(answer.headers().firstValue("Location").orElseThrow())
                .toSuccessResponse().getAuthorizationCode();
        idToken(flow, rp.tokens(rp.redeem(code, flow.verifier())));
    }

    @Test
    void anAuthorizationRequestTooLongToReturnFromTheSignInGetsAPageNamingTheParameter() throws Exception {
        OidcClient.Flow flow = rp.flow("openid");
        Map<String, String> form = new java.util.LinkedHashMap<>();
        flow.request().toParameters().forEach((name, values) -> form.put(name, values.get(0)));
        form.put("state", "s".repeat(7000)); // fits the 8 KiB form body, not a 4 KiB request line to /login
        HttpResponse<String> answer = browser().post("/oauth2/authorize", form);
        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Location").isEmpty(), "no redirect the server would refuse");
        assertTrue(answer.body().contains("its state parameter has 7000 characters"), answer.body());
    }

    @Test
    @DisplayName("oidcc-server-client-secret-post: the exchange with client_secret_post")
    void oidccServerClientSecretPost() throws Exception {
        OidcClient.Flow flow = rp.flow("openid");
        AuthorizationCode code = rp.code(browser(), flow);
        TokenResponse response = rp.token(new ClientSecretPost(rp.clientId(), new Secret(basic.secret())),
                new AuthorizationCodeGrant(code, URI.create(REDIRECT), flow.verifier()));
        idToken(flow, rp.tokens(response));
    }

    @Test
    @DisplayName("oidcc-request-uri-unsigned-supported-correctly-or-rejected-as-unsupported: rejected")
    void oidccRequestUriUnsigned() throws Exception {
        assertFalse(rp.provider().supportsRequestURIParam());
        String back = browser().open(rp.flow("openid", r -> r.customParameter("request_uri",
                "https://rp.example.test/request.jwt")).uri());
        assertEquals(OAuth2Error.REQUEST_URI_NOT_SUPPORTED.getCode(), redirectedError(back).getCode());
    }

    @Test
    @DisplayName("oidcc-unsigned-request-object-supported-correctly-or-rejected-as-unsupported: rejected")
    void oidccUnsignedRequestObject() throws Exception {
        assertFalse(rp.provider().supportsRequestParam());
        String object = new PlainJWT(new JWTClaimsSet.Builder().claim("scope", "openid").build()).serialize();
        String back = browser().open(rp.flow("openid", r -> r.customParameter("request", object)).uri());
        assertEquals(OAuth2Error.REQUEST_NOT_SUPPORTED.getCode(), redirectedError(back).getCode());
    }

    @Test
    @DisplayName("oidcc-ensure-request-object-with-redirect-uri: request objects are refused, so it does not apply")
    void oidccEnsureRequestObjectWithRedirectUri() throws Exception {
        String object = new PlainJWT(new JWTClaimsSet.Builder().claim("redirect_uri", REDIRECT).build()).serialize();
        String back = browser().open(rp.flow("openid", r -> r.customParameter("request", object)).uri());
        assertEquals(OAuth2Error.REQUEST_NOT_SUPPORTED.getCode(), redirectedError(back).getCode());
    }

    @Test
    @DisplayName("oidcc-claims-essential: the claims parameter is not supported and is ignored, not an error")
    void oidccClaimsEssential() throws Exception {
        assertFalse(rp.provider().supportsClaimsParam());
        OIDCClaimsRequest claims = new OIDCClaimsRequest().withUserInfoClaimsRequest(new ClaimsSetRequest()
                .add(new ClaimsSetRequest.Entry("name").withClaimRequirement(ClaimRequirement.ESSENTIAL)));
        BearerAccessToken token = rp.signIn(browser(), rp.flow("openid", r -> r.claims(claims)))
                .getBearerAccessToken();
        assertEquals(subject, rp.userinfo(token).toSuccessResponse().getUserInfo().getSubject().getValue());
    }

    @Test
    @DisplayName("oidcc-refresh-token: refresh works for its client and for no other (RFC 6749 section 6)")
    void oidccRefreshToken() throws Exception {
        OIDCTokens tokens = rp.signIn(browser(), rp.flow("openid offline_access"));
        assertNotNull(tokens.getRefreshToken());
        assertInvalidGrant(rp.token(new ClientSecretBasic(new com.nimbusds.oauth2.sdk.id.ClientID(
                other.client().id()), new Secret(other.secret())), new RefreshTokenGrant(tokens.getRefreshToken())));
        TokenResponse refreshed = rp.token(new RefreshTokenGrant(tokens.getRefreshToken()));
        assertTrue(refreshed.indicatesSuccess());
        assertTrue(rp.userinfo(refreshed.toSuccessResponse().getTokens().getBearerAccessToken()).indicatesSuccess());
    }

    @Test
    @DisplayName("oidcc-ensure-request-with-valid-pkce-succeeds: S256 PKCE (RFC 7636)")
    void oidccEnsureRequestWithValidPkceSucceeds() throws Exception {
        OidcClient.Flow flow = rp.flow("openid");
        assertNotNull(flow.request().getCodeChallenge());
        idToken(flow, rp.signIn(browser(), flow));
    }

    private static UserInfo userinfoAfter(String scope) throws Exception {
        BearerAccessToken token = rp.signIn(browser(), rp.flow(scope)).getBearerAccessToken();
        return rp.userinfo(token).toSuccessResponse().getUserInfo();
    }

    private static void assertGrantedOnly(String asked, String granted) throws Exception {
        OidcClient.Flow flow = rp.flow(asked);
        TokenResponse response = rp.redeem(rp.code(browser(), flow), flow.verifier());
        assertTrue(response.indicatesSuccess());
        assertEquals(Scope.parse(granted), response.toSuccessResponse().getTokens().getAccessToken().getScope());
    }

    private static void assertInvalidGrant(TokenResponse response) {
        assertFalse(response.indicatesSuccess());
        assertEquals(OAuth2Error.INVALID_GRANT.getCode(), response.toErrorResponse().getErrorObject().getCode());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
