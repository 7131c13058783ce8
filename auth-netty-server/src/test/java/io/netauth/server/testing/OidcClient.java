package io.netauth.server.testing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.util.function.Consumer;

/**
 * A relying party built on Nimbus {@code oauth2-oidc-sdk}: discovery, the authorization request with state, nonce
 * and PKCE, the code exchange, ID-token validation and userinfo, each step as Nimbus does it, so that protocol tests
 * check the server against a client they did not write.
 */
public final class OidcClient {

    private final OIDCProviderMetadata op;
    private final ClientID clientId;
    private final ClientAuthentication auth;
    private final URI redirectUri;

    /** Discovers the provider at {@code issuer}: Nimbus checks that the document names the same issuer. */
    public OidcClient(String issuer, String clientId, String secret, String redirectUri) throws Exception {
        this.op = OIDCProviderMetadata.resolve(new Issuer(issuer));
        this.clientId = new ClientID(clientId);
        this.auth = secret == null ? null : new ClientSecretBasic(this.clientId, new Secret(secret));
        this.redirectUri = URI.create(redirectUri);
    }

    public OIDCProviderMetadata provider() {
        return op;
    }

    public ClientID clientId() {
        return clientId;
    }

    public ClientAuthentication auth() {
        return auth;
    }

    /** One authorization request and what it must be answered with. */
    public record Flow(State state, Nonce nonce, CodeVerifier verifier, AuthenticationRequest request) {
        public String uri() {
            return request.toURI().toString();
        }
    }

    /** A request for {@code scope} with state, nonce and PKCE; {@code more} adds or changes parameters. */
    public Flow flow(String scope, Consumer<AuthenticationRequest.Builder> more) {
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(ResponseType.CODE,
                Scope.parse(scope), clientId, redirectUri).endpointURI(op.getAuthorizationEndpointURI()).state(state)
                .nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256);
        more.accept(request);
        return new Flow(state, nonce, verifier, request.build());
    }

    public Flow flow(String scope) {
        return flow(scope, request -> { });
    }

    /** The authorization response the browser was sent back with. */
    public static AuthenticationResponse response(String redirect) throws Exception {
        return AuthenticationResponseParser.parse(URI.create(redirect));
    }

    /** Runs the flow in the browser and answers its code; fails unless the answer is a success with its state. */
    public AuthorizationCode code(BrowserAgent browser, Flow flow) throws Exception {
        String back = browser.open(flow.uri());
        if (back == null) {
            throw new AssertionError("the flow ended on a page: " + browser.lastPage().body());
        }
        AuthenticationResponse response = response(back);
        if (!response.indicatesSuccess() || !flow.state().equals(response.getState())
                || !op.getIssuer().equals(response.toSuccessResponse().getIssuer())) {
            throw new AssertionError("not a success with the request's state and iss: " + back);
        }
        return response.toSuccessResponse().getAuthorizationCode();
    }

    public TokenResponse token(AuthorizationGrant grant) throws Exception {
        return token(auth, grant);
    }

    public TokenResponse token(ClientAuthentication as, AuthorizationGrant grant) throws Exception {
        return tokenAt(op.getTokenEndpointURI(), as, grant);
    }

    /** A token request to another address of the same provider, such as a second process. */
    public TokenResponse tokenAt(URI tokenEndpoint, ClientAuthentication as, AuthorizationGrant grant)
            throws Exception {
        TokenRequest request = as == null ? new TokenRequest(tokenEndpoint, clientId, grant)
                : new TokenRequest(tokenEndpoint, as, grant);
        return OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
    }

    public TokenResponse redeem(AuthorizationCode code, CodeVerifier verifier) throws Exception {
        return token(new AuthorizationCodeGrant(code, redirectUri, verifier));
    }

    /** The tokens of a successful exchange; fails with the error otherwise. */
    public static OIDCTokens tokens(TokenResponse response) {
        if (!response.indicatesSuccess()) {
            throw new AssertionError(response.toErrorResponse().getErrorObject().toJSONObject().toString());
        }
        return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    }

    /** The whole flow in the browser and the exchange: the tokens. */
    public OIDCTokens signIn(BrowserAgent browser, Flow flow) throws Exception {
        return tokens(redeem(code(browser, flow), flow.verifier()));
    }

    /** Core section 3.1.3.7, as Nimbus validates: signature by the JWKS, iss, aud, exp, iat and the nonce. */
    public IDTokenClaimsSet validate(JWT idToken, Nonce nonce) throws Exception {
        return new IDTokenValidator(op.getIssuer(), clientId, JWSAlgorithm.RS256, op.getJWKSetURI().toURL())
                .validate(idToken, nonce);
    }

    public UserInfoResponse userinfo(BearerAccessToken token) throws Exception {
        return UserInfoResponse.parse(new UserInfoRequest(op.getUserInfoEndpointURI(), token).toHTTPRequest().send());
    }
}
