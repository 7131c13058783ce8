package io.netauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCError;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.netauth.core.client.ClientRegistry;
import io.netauth.core.client.ClientSpec;
import io.netauth.core.client.CodeFlow;
import io.netauth.core.testing.MutableClock;
import io.netauth.server.testing.BrowserAgent;
import io.netauth.server.testing.OidcClient;
import io.netauth.server.testing.RunningServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The authorization code flow with Nimbus {@code oauth2-oidc-sdk} as the client: discovery, PKCE, state, nonce,
 * ID-token validation (signature from the JWKS, {@code iss}, {@code aud}, {@code exp}, {@code nonce}),
 * {@code at_hash}, userinfo and refresh; then each error a client meets. The browser is a {@link BrowserAgent}
 * that fills in the server's own forms.
 */
class OidcNimbusTest {

    static final String REDIRECT = "https://app.example.test/callback";
    static final String PASSWORD = "correct horse battery";
    /** For the requests this class writes by hand: every client must use PKCE. */
    static final CodeVerifier VERIFIER = new CodeVerifier();

    static final MutableClock clock = new MutableClock(Instant.now());
    static RunningServer server;
    static OIDCProviderMetadata op;
    static ClientRegistry.NewClient app;
    static ClientRegistry.NewClient spa;
    static ClientRegistry.NewClient legacy;
    static OidcClient rp;
    static OidcClient spaRp;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.builder().issuerOnPort().clock(clock).start();
        server.addUser("olga", PASSWORD, "staff");
        server.database().userDirectory().setEmail("olga", "olga@example.test", true);
        app = server.addClient(new ClientSpec("app", Set.of(), List.of(), List.of(), null, null, false,
                new CodeFlow(List.of(REDIRECT), List.of(), false, true)));
        spa = server.addClient(new ClientSpec("spa", Set.of(), List.of(), List.of(), null, null, false,
                new CodeFlow(List.of(REDIRECT), List.of(), true, true)));
        legacy = server.addClient(new ClientSpec("legacy", Set.of(), List.of(), List.of(), null, null, false,
                new CodeFlow(List.of(REDIRECT), List.of(), false, true, true)));
        // Discovery 1.0 section 4.3: Nimbus checks that the document's issuer is the one asked for.
        rp = new OidcClient(server.tokens().issuerId(), app.client().id(), app.secret(), REDIRECT);
        spaRp = new OidcClient(server.tokens().issuerId(), spa.client().id(), null, REDIRECT);
        op = rp.provider();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static BrowserAgent browser() {
        return new BrowserAgent(URI.create(server.tokens().issuerId())).signsInAs("olga", PASSWORD, null);
    }

    private static ClientAuthentication appAuth() {
        return new ClientSecretBasic(new ClientID(app.client().id()), new Secret(app.secret()));
    }

    private static OidcClient.Flow flow(String clientId, Scope scope, boolean pkce) {
        return (clientId.equals(spa.client().id()) ? spaRp : rp).flow(scope.toString(), request -> {
            if (!pkce) {
                request.codeChallenge((CodeVerifier) null, null);
            }
        });
    }

    private static AuthorizationCode code(BrowserAgent browser, OidcClient.Flow flow) throws Exception {
        return rp.code(browser, flow); // checks state (RFC 6749 section 4.1.2) and iss (RFC 9207 section 2)
    }

    private static TokenResponse redeem(ClientAuthentication auth, AuthorizationCode code, CodeVerifier verifier)
            throws Exception {
        return rp.token(auth, new AuthorizationCodeGrant(code, URI.create(REDIRECT), verifier));
    }

    private static TokenResponse redeemAsPublic(AuthorizationCode code, CodeVerifier verifier) throws Exception {
        return spaRp.redeem(code, verifier);
    }

    private static void assertTokenError(TokenResponse response, com.nimbusds.oauth2.sdk.ErrorObject expected) {
        assertFalse(response.indicatesSuccess());
        TokenErrorResponse error = response.toErrorResponse();
        assertEquals(expected.getCode(), error.getErrorObject().getCode(), error.getErrorObject().getDescription());
    }

    private static UserInfoResponse userinfo(BearerAccessToken token) throws Exception {
        return rp.userinfo(token);
    }

    /** Core 3.1.3.7 (ID token validation), 3.1.3.8 (at_hash), 5.3 (userinfo), RFC 7636, RFC 6749 section 6. */
    @Test
    void theWholeCodeFlowAsNimbusChecksIt() throws Exception {
        OidcClient.Flow flow = flow(app.client().id(), new Scope("openid", "profile", "email", "offline_access"), true);
        AuthorizationCode code = code(browser(), flow);

        TokenResponse response = redeem(appAuth(), code, flow.verifier());
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
        OIDCTokens tokens = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
        IDTokenClaimsSet claims = new IDTokenValidator(op.getIssuer(), new ClientID(app.client().id()),
                JWSAlgorithm.RS256, op.getJWKSetURI().toURL()).validate(tokens.getIDToken(), flow.nonce());
        String subject = server.database().credentialStore().findByUsername("olga").orElseThrow().account().id();
        assertEquals(subject, claims.getSubject().getValue());
        assertNotNull(claims.getAuthenticationTime());
        assertEquals(List.of("pwd"), claims.getStringListClaim("amr"));
        assertEquals("olga", claims.getStringClaim("preferred_username"));
        assertEquals(List.of("staff"), claims.getStringListClaim("roles"));
        assertEquals("olga@example.test", claims.getStringClaim("email"));
        AccessTokenValidator.validate(tokens.getAccessToken(), JWSAlgorithm.RS256, claims.getAccessTokenHash());
        assertNotNull(tokens.getRefreshToken(), "offline_access was granted");

        UserInfoResponse info = userinfo(tokens.getBearerAccessToken());
        assertTrue(info.indicatesSuccess());
        UserInfo user = info.toSuccessResponse().getUserInfo();
        assertEquals(subject, user.getSubject().getValue()); // Core 5.3.2: sub equals the ID token's
        assertEquals("olga", user.getPreferredUsername());
        assertEquals("olga@example.test", user.getEmailAddress());
        assertEquals(Boolean.TRUE, user.getEmailVerified());

        TokenResponse refreshed = OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), appAuth(),
                new RefreshTokenGrant(tokens.getRefreshToken())).toHTTPRequest().send());
        assertTrue(refreshed.indicatesSuccess(), () -> refreshed.toErrorResponse().getErrorObject().toString());
        BearerAccessToken fresh = refreshed.toSuccessResponse().getTokens().getBearerAccessToken();
        assertNotEquals(tokens.getRefreshToken(), refreshed.toSuccessResponse().getTokens().getRefreshToken());
        // The refreshed token keeps the scopes: userinfo still answers the email.
        assertEquals("olga@example.test", userinfo(fresh).toSuccessResponse().getUserInfo().getEmailAddress());
    }

    /** Core 3.1.2.1: without the profile and email scopes, neither the ID token nor userinfo carries their claims. */
    @Test
    void claimsFollowTheScopes() throws Exception {
        OidcClient.Flow flow = flow(app.client().id(), new Scope("openid"), true);
        OIDCTokens tokens = ((OIDCTokenResponse) redeem(appAuth(), code(browser(), flow), flow.verifier())
                .toSuccessResponse()).getOIDCTokens();
        IDTokenClaimsSet claims = new IDTokenValidator(op.getIssuer(), new ClientID(app.client().id()),
                JWSAlgorithm.RS256, op.getJWKSetURI().toURL()).validate(tokens.getIDToken(), flow.nonce());
        assertNull(claims.getStringClaim("preferred_username"));
        assertNull(claims.getStringClaim("email"));
        assertNull(tokens.getRefreshToken(), "no offline_access, no refresh token");
        UserInfo user = userinfo(tokens.getBearerAccessToken()).toSuccessResponse().getUserInfo();
        assertNull(user.getPreferredUsername());
        assertNull(user.getEmailAddress());
    }

    /** RFC 6749 section 3.3: a request without scope gets the default, openid profile email. */
    @Test
    void aRequestWithoutScopeGetsTheDefault() throws Exception {
        String back = browser().open("/oauth2/authorize?response_type=code&client_id=" + app.client().id()
                + "&redirect_uri=" + java.net.URLEncoder.encode(REDIRECT, java.nio.charset.StandardCharsets.UTF_8)
                + "&state=st&code_challenge_method=S256&code_challenge="
                + CodeChallenge.compute(CodeChallengeMethod.S256, VERIFIER).getValue());
        AuthorizationCode code = AuthenticationResponseParser.parse(URI.create(back)).toSuccessResponse()
                .getAuthorizationCode();
        TokenResponse response = redeem(appAuth(), code, VERIFIER);
        assertEquals(new Scope("openid", "profile", "email"), response.toSuccessResponse().getTokens()
                .getAccessToken().getScope());
        assertNotNull(((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken());
    }

    /** RFC 9700 section 4.1: an unregistered redirect URI is shown to the person, never redirected to. */
    @Test
    void aWrongRedirectUriIsNeverFollowed() throws Exception {
        AuthenticationRequest request = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"),
                new ClientID(app.client().id()), URI.create("https://evil.example.test/callback"))
                .endpointURI(op.getAuthorizationEndpointURI()).state(new State()).nonce(new Nonce()).build();
        BrowserAgent browser = browser();
        assertNull(browser.open(request.toURI().toString()));
        assertEquals(400, browser.lastPage().statusCode());
        assertTrue(browser.lastPage().body().contains("did not register"), browser.lastPage().body());
    }

    /** RFC 6749 section 4.1.2: a code used twice is refused, and the tokens issued from it are revoked. */
    @Test
    void aCodeUsedTwiceRevokesWhatItGave() throws Exception {
        OidcClient.Flow flow = flow(app.client().id(), new Scope("openid", "offline_access"), true);
        AuthorizationCode code = code(browser(), flow);
        OIDCTokens tokens = ((OIDCTokenResponse) redeem(appAuth(), code, flow.verifier()).toSuccessResponse())
                .getOIDCTokens();
        assertTrue(userinfo(tokens.getBearerAccessToken()).indicatesSuccess());

        assertTokenError(redeem(appAuth(), code, flow.verifier()), OAuth2Error.INVALID_GRANT);
        // The same code written another way (the sealed value's own ':' separators) is not a second code.
        assertTokenError(redeem(appAuth(), new AuthorizationCode(code.getValue().replace('.', ':')),
                flow.verifier()), OAuth2Error.INVALID_GRANT);
        UserInfoResponse revoked = userinfo(tokens.getBearerAccessToken());
        assertFalse(revoked.indicatesSuccess());
        assertEquals(401, revoked.toErrorResponse().getErrorObject().getHTTPStatusCode());
        assertTokenError(OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), appAuth(),
                new RefreshTokenGrant(tokens.getRefreshToken())).toHTTPRequest().send()), OAuth2Error.INVALID_GRANT);
    }

    /** A code is sealed (AES-GCM): one altered character, or a code made up, opens as nothing. */
    @Test
    void anAlteredCodeIsRefused() throws Exception {
        OidcClient.Flow flow = flow(app.client().id(), new Scope("openid"), true);
        String code = code(browser(), flow).getValue();
        int middle = code.length() / 2;
        String altered = code.substring(0, middle) + (code.charAt(middle) == 'A' ? 'B' : 'A')
                + code.substring(middle + 1);
        assertTokenError(redeem(appAuth(), new AuthorizationCode(altered), flow.verifier()), OAuth2Error.INVALID_GRANT);
        assertTokenError(redeem(appAuth(), new AuthorizationCode("v1.00000000.AAAA"), flow.verifier()),
                OAuth2Error.INVALID_GRANT);
        assertTrue(redeem(appAuth(), new AuthorizationCode(code), flow.verifier()).indicatesSuccess(),
                "the genuine code still works: the altered ones spent nothing");
    }

    /** RFC 7636 section 4.6: the verifier must hash to the challenge; a missing one is refused too. */
    @Test
    void aPkceMismatchIsRefused() throws Exception {
        OidcClient.Flow flow = flow(app.client().id(), new Scope("openid"), true);
        AuthorizationCode code = code(browser(), flow);
        assertTokenError(redeem(appAuth(), code, new CodeVerifier()), OAuth2Error.INVALID_GRANT);
        assertTokenError(redeem(appAuth(), code, null), OAuth2Error.INVALID_GRANT);
    }

    /** RFC 6749 section 4.1.2: a code lives a short time (here 60 seconds). */
    @Test
    void anExpiredCodeIsRefused() throws Exception {
        OidcClient.Flow flow = flow(app.client().id(), new Scope("openid"), true);
        AuthorizationCode code = code(browser(), flow);
        clock.advance(Duration.ofSeconds(61));
        assertTokenError(redeem(appAuth(), code, flow.verifier()), OAuth2Error.INVALID_GRANT);
    }

    /** Core 3.1.2.6: prompt=none without a session answers login_required at the redirect URI, with state. */
    @Test
    void promptNoneWithoutASessionIsLoginRequired() throws Exception {
        State state = new State();
        AuthenticationRequest request = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"),
                new ClientID(app.client().id()), URI.create(REDIRECT)).endpointURI(op.getAuthorizationEndpointURI())
                .state(state).nonce(new Nonce()).codeChallenge(VERIFIER, CodeChallengeMethod.S256)
                .prompt(new Prompt(Prompt.Type.NONE)).build();
        String back = new BrowserAgent(URI.create(server.tokens().issuerId())).open(request.toURI().toString());
        AuthenticationErrorResponse error = AuthenticationResponseParser.parse(URI.create(back)).toErrorResponse();
        assertEquals(OIDCError.LOGIN_REQUIRED.getCode(), error.getErrorObject().getCode());
        assertEquals(state, error.getState());
        assertEquals(op.getIssuer(), error.getIssuer());
    }

    /** RFC 9700 section 2.1.1 and RFC 7636: a public client must use PKCE, and then needs no secret. */
    @Test
    void aPublicClientMustUsePkce() throws Exception {
        OidcClient.Flow without = flow(spa.client().id(), new Scope("openid"), false);
        String back = browser().open(without.request().toURI().toString());
        AuthenticationErrorResponse error = AuthenticationResponseParser.parse(URI.create(back)).toErrorResponse();
        assertEquals(OAuth2Error.INVALID_REQUEST.getCode(), error.getErrorObject().getCode());

        OidcClient.Flow with = flow(spa.client().id(), new Scope("openid"), true);
        TokenResponse response = redeemAsPublic(code(browser(), with), with.verifier());
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
        // A confidential client cannot pass itself off as public by leaving its secret out.
        OidcClient.Flow confidential = flow(app.client().id(), new Scope("openid"), true);
        AuthorizationCode code = code(browser(), confidential);
        assertTokenError(OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(),
                new ClientID(app.client().id()), new AuthorizationCodeGrant(code, URI.create(REDIRECT),
                        confidential.verifier())).toHTTPRequest().send()), OAuth2Error.INVALID_CLIENT);
    }

    /**
     * RFC 9700 section 2.1.1 (and OAuth 2.1): a confidential client must use PKCE too. Without code_challenge the
     * authorization request is answered at the redirect URI with invalid_request, its state and iss (RFC 6749
     * section 4.1.2.1, RFC 9207), and no code.
     */
    @Test
    void confidentialClientWithoutPkceIsRefused() throws Exception {
        OidcClient.Flow without = flow(app.client().id(), new Scope("openid"), false);
        String back = browser().open(without.request().toURI().toString());
        assertTrue(back != null && back.startsWith(REDIRECT + "?"), String.valueOf(back));
        AuthenticationErrorResponse error = AuthenticationResponseParser.parse(URI.create(back)).toErrorResponse();
        assertEquals(OAuth2Error.INVALID_REQUEST.getCode(), error.getErrorObject().getCode());
        assertTrue(error.getErrorObject().getDescription().contains("PKCE"), error.getErrorObject().toString());
        assertEquals(without.state(), error.getState());
        assertEquals(op.getIssuer(), error.getIssuer());
    }

    /**
     * A confidential client registered with PKCE optional (an older one that cannot send it) may leave it out;
     * a code_verifier for a code that had no challenge is still a downgrade and refused (RFC 9700 section 2.1.1).
     */
    @Test
    void pkceOptionalClientMayOmitIt() throws Exception {
        OidcClient legacyRp = new OidcClient(server.tokens().issuerId(), legacy.client().id(), legacy.secret(),
                REDIRECT);
        ClientAuthentication auth = new ClientSecretBasic(new ClientID(legacy.client().id()),
                new Secret(legacy.secret()));
        OidcClient.Flow without = legacyRp.flow("openid", request -> request.codeChallenge((CodeVerifier) null, null));
        TokenResponse response = legacyRp.token(auth, new AuthorizationCodeGrant(legacyRp.code(browser(), without),
                URI.create(REDIRECT), null));
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());

        OidcClient.Flow downgrade = legacyRp.flow("openid",
                request -> request.codeChallenge((CodeVerifier) null, null));
        assertTokenError(legacyRp.token(auth, new AuthorizationCodeGrant(legacyRp.code(browser(), downgrade),
                URI.create(REDIRECT), new CodeVerifier())), OAuth2Error.INVALID_GRANT);

        OidcClient.Flow with = legacyRp.flow("openid");
        TokenResponse pkce = legacyRp.token(auth, new AuthorizationCodeGrant(legacyRp.code(browser(), with),
                URI.create(REDIRECT), with.verifier()));
        assertTrue(pkce.indicatesSuccess(), "PKCE still works when optional");
    }
}
