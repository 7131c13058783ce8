package io.netauth.server;

import static io.netauth.server.LoginContractTest.json;
import static io.netauth.server.testing.RunningServer.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import io.netauth.core.client.ClientRegistry;
import io.netauth.core.client.ClientSpec;
import io.netauth.server.testing.RunningServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OAuth 2.0 endpoints through a real server, with Nimbus {@code oauth2-oidc-sdk} as the client wherever it
 * can play one: metadata (RFC 8414), client credentials (RFC 6749 section 4.4, RFC 9068 tokens), client
 * authentication (RFC 6749 section 2.3, RFC 7523), introspection (RFC 7662) and revocation (RFC 7009).
 */
class OAuthClientCredentialsTest {

    private static RunningServer server;
    private static AuthorizationServerMetadata metadata;
    private static ClientRegistry.NewClient service;
    private static ClientRegistry.NewClient gateway;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.builder().issuerOnPort().config(b -> b.adminApi(true, "admin")).start();
        service = server.addClient(new ClientSpec("orders", Set.of(), List.of("orders.read", "orders.write"),
                List.of("https://orders.example", "netauth"), Duration.ofMinutes(5), null, false));
        gateway = server.addClient(new ClientSpec("gateway", Set.of(), List.of(), List.of(), null, null, true));
        // RFC 8414 section 3: Nimbus finds the document from the issuer alone.
        metadata = AuthorizationServerMetadata.resolve(new Issuer(server.tokens().issuerId()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ClientSecretBasic basicOf(ClientRegistry.NewClient client) {
        return new ClientSecretBasic(new ClientID(client.client().id()), new Secret(client.secret()));
    }

    private static TokenResponse grant(ClientAuthentication auth, Scope scope) throws Exception {
        return TokenResponse.parse(new TokenRequest(metadata.getTokenEndpointURI(), auth, new ClientCredentialsGrant(),
                scope).toHTTPRequest().send());
    }

    private static AccessToken token(ClientRegistry.NewClient client, Scope scope) throws Exception {
        TokenResponse response = grant(basicOf(client), scope);
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
        return response.toSuccessResponse().getTokens().getAccessToken();
    }

    private static void assertOAuthError(HttpResponse<String> r, int status, String error) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals(error, body.get("error").asText(), r.body());
        assertTrue(body.hasNonNull("error_description"), r.body());
        assertFalse(body.has("message"), "the /oauth2 family has its own shape");
        assertEquals("no-store", r.headers().firstValue("cache-control").orElse(""), "RFC 6749 section 5.1");
    }

    @Test
    void rfc8414MetadataNamesEveryEndpointUnderTheIssuer() throws Exception {
        String issuer = server.tokens().issuerId();
        assertEquals(issuer, metadata.getIssuer().getValue());
        assertEquals(URI.create(issuer + "/oauth2/token"), metadata.getTokenEndpointURI());
        assertEquals(URI.create(issuer + "/oauth2/introspect"), metadata.getIntrospectionEndpointURI());
        assertEquals(URI.create(issuer + "/oauth2/revoke"), metadata.getRevocationEndpointURI());
        assertEquals(URI.create(issuer + "/.well-known/jwks.json"), metadata.getJWKSetURI());
        assertTrue(metadata.getGrantTypes().stream().anyMatch(g -> g.getValue().equals("client_credentials")));
        assertTrue(metadata.getTokenEndpointAuthMethods().stream().anyMatch(m -> m.getValue().equals("private_key_jwt")));
        assertTrue(metadata.getScopes().contains("orders.read"));
        String raw;
        try (io.netauth.server.testing.RawHttp http = new io.netauth.server.testing.RawHttp(server.port())) {
            raw = http.write("GET /.well-known/oauth-authorization-server HTTP/1.1\r\nHost: evil.example\r\n\r\n")
                    .read().body();
        }
        JsonNode document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(raw);
        for (String field : List.of("issuer", "jwks_uri", "token_endpoint", "introspection_endpoint",
                "revocation_endpoint", "grant_types_supported", "token_endpoint_auth_methods_supported",
                "token_endpoint_auth_signing_alg_values_supported", "introspection_endpoint_auth_methods_supported",
                "revocation_endpoint_auth_methods_supported", "scopes_supported", "response_types_supported")) {
            assertTrue(document.has(field), field);
        }
        assertFalse(document.toString().contains("evil.example"), "never derived from the Host header");
        // Section 2: issuer is byte for byte the iss of every token.
        assertEquals(issuer, JWT.decode(token(service, null).getValue()).getIssuer());
        // OpenID Connect Discovery 1.0 section 3: every REQUIRED field, and the ones that apply here; the same
        // document as RFC 8414's, so that the two can never disagree.
        String openid = server.send(java.net.http.HttpRequest.newBuilder(
                server.uri("/.well-known/openid-configuration")).build()).body();
        assertEquals(raw, openid);
        for (String field : List.of("authorization_endpoint", "userinfo_endpoint", "end_session_endpoint",
                "subject_types_supported", "id_token_signing_alg_values_supported", "claims_supported",
                "code_challenge_methods_supported", "response_modes_supported")) {
            assertTrue(document.has(field), field);
        }
        assertEquals("[\"code\"]", document.get("response_types_supported").toString());
        assertEquals("[\"RS256\"]", document.get("id_token_signing_alg_values_supported").toString());
        assertFalse(document.get("request_uri_parameter_supported").asBoolean(), "its default is true: stated");
        assertTrue(document.get("authorization_response_iss_parameter_supported").asBoolean(), "RFC 9207");
    }

    @Test
    void rfc9068ClientTokenCarriesTheClientItsScopesAndAudience() throws Exception {
        DecodedJWT jwt = JWT.decode(token(service, new Scope("orders.read")).getValue());
        assertEquals("at+jwt", jwt.getType(), "RFC 9068 section 2.1");
        assertEquals(service.client().id(), jwt.getSubject());
        assertEquals(service.client().id(), jwt.getClaim("client_id").asString());
        assertEquals("orders.read", jwt.getClaim("scope").asString());
        assertEquals(List.of("https://orders.example", "netauth"), jwt.getAudience());
        assertEquals(300, jwt.getExpiresAtAsInstant().getEpochSecond() - jwt.getIssuedAtAsInstant().getEpochSecond(),
                "the client's own lifetime");
        for (String claim : List.of("iss", "exp", "aud", "sub", "client_id", "iat", "jti")) {
            assertFalse(jwt.getClaim(claim).isMissing(), "RFC 9068 section 2.2 requires " + claim);
        }
        // No scope asked: the client's scopes (RFC 6749 section 3.3 lets the server choose a default).
        assertEquals("orders.read orders.write", JWT.decode(token(service, null).getValue()).getClaim("scope").asString());
        // Section 4.4.3: no refresh token.
        TokenResponse response = grant(basicOf(service), null);
        assertNull(response.toSuccessResponse().getTokens().getRefreshToken());
    }

    @Test
    void rfc8707ResourceSelectsOneAllowedAudience() throws Exception {
        String form = "grant_type=client_credentials&resource=https%3A%2F%2Forders.example";
        HttpResponse<String> r = server.postForm("/oauth2/token", basic(service.client().id(), service.secret()), form);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(List.of("https://orders.example"),
                JWT.decode(json(r).get("access_token").asText()).getAudience());
        assertOAuthError(server.postForm("/oauth2/token", basic(service.client().id(), service.secret()),
                "grant_type=client_credentials&resource=https%3A%2F%2Fother.example"), 400, "invalid_target");
        assertOAuthError(server.postForm("/oauth2/token", basic(service.client().id(), service.secret()),
                "grant_type=client_credentials&resource=netauth"), 400, "invalid_target");
    }

    @Test
    void verifyNamesTheClientAndItsScopes() throws Exception {
        String token = token(service, new Scope("orders.read", "orders.write")).getValue();
        HttpResponse<String> r = server.verify("Bearer " + token);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(service.client().id(), r.headers().firstValue("x-auth-subject").orElseThrow());
        assertEquals(service.client().id(), r.headers().firstValue("x-auth-client").orElseThrow());
        assertEquals("orders.read orders.write", r.headers().firstValue("x-auth-scopes").orElseThrow());
        // A gateway in front of a service with its own audience names it.
        HttpResponse<String> forOrders = server.send(java.net.http.HttpRequest.newBuilder(
                server.uri("/auth/verify?audience=https%3A%2F%2Forders.example"))
                .header("Authorization", "Bearer " + token).build());
        assertEquals(200, forOrders.statusCode());
        HttpResponse<String> forOther = server.send(java.net.http.HttpRequest.newBuilder(
                server.uri("/auth/verify?audience=https%3A%2F%2Fbilling.example"))
                .header("Authorization", "Bearer " + token).build());
        assertEquals(401, forOther.statusCode());
    }

    @Test
    void rfc6749Section231BasicCredentialsAreFormDecoded() throws Exception {
        // The secret's '-' and '_' sent percent-encoded, as the form encoding of section 2.3.1 allows.
        String encodedSecret = service.secret().replace("-", "%2D").replace("_", "%5F");
        String header = "Basic " + java.util.Base64.getEncoder().encodeToString(
                (service.client().id() + ":" + encodedSecret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, server.postForm("/oauth2/token", header, "grant_type=client_credentials").statusCode());
    }

    @Test
    void clientSecretPostAuthenticatesToo() throws Exception {
        TokenResponse response = grant(new ClientSecretPost(new ClientID(service.client().id()),
                new Secret(service.secret())), new Scope("orders.write"));
        assertTrue(response.indicatesSuccess());
    }

    @Test
    void rfc6749Section52ErrorsThroughARealClient() throws Exception {
        String id = service.client().id();
        String good = basic(id, service.secret());
        // invalid_client: 401, with a Basic challenge when Basic was tried, without one otherwise.
        HttpResponse<String> wrong = server.postForm("/oauth2/token", basic(id, "wrong"), "grant_type=client_credentials");
        assertOAuthError(wrong, 401, "invalid_client");
        assertTrue(wrong.headers().firstValue("www-authenticate").orElse("").startsWith("Basic"));
        HttpResponse<String> posted = server.postForm("/oauth2/token", null,
                "grant_type=client_credentials&client_id=" + id + "&client_secret=wrong");
        assertOAuthError(posted, 401, "invalid_client");
        assertTrue(posted.headers().firstValue("www-authenticate").isEmpty());
        assertOAuthError(server.postForm("/oauth2/token", null, "grant_type=client_credentials"), 401, "invalid_client");
        assertOAuthError(server.postForm("/oauth2/token", basic("no-such-client", "x"), "grant_type=client_credentials"),
                401, "invalid_client");
        // invalid_request: a missing or repeated parameter, two methods at once, a body that is not a form.
        assertOAuthError(server.postForm("/oauth2/token", good, "scope=orders.read"), 400, "invalid_request");
        assertOAuthError(server.postForm("/oauth2/token", good,
                "grant_type=client_credentials&scope=orders.read&scope=orders.write"), 400, "invalid_request");
        assertOAuthError(server.postForm("/oauth2/token", good,
                "grant_type=client_credentials&client_id=" + id + "&client_secret=" + service.secret()), 400,
                "invalid_request");
        assertOAuthError(server.postForm("/oauth2/token", good, "grant_type=client_credentials&scope=%zz"), 400,
                "invalid_request");
        assertOAuthError(server.send(java.net.http.HttpRequest.newBuilder(server.uri("/oauth2/token"))
                .header("Content-Type", "application/json").header("Authorization", good)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}"))
                .build()), 400, "invalid_request");
        // unsupported_grant_type: the password grant is not offered (RFC 9700 section 2.4).
        assertOAuthError(server.postForm("/oauth2/token", good, "grant_type=password&username=a&password=b"), 400,
                "unsupported_grant_type");
        // invalid_scope.
        assertOAuthError(server.postForm("/oauth2/token", good, "grant_type=client_credentials&scope=admin"), 400,
                "invalid_scope");
        // unauthorized_client: a client registered without the grant.
        assertOAuthError(server.postForm("/oauth2/token", good, "grant_type=refresh_token&refresh_token=x"), 400,
                "unauthorized_client");
        // Nimbus reads the same answers.
        TokenResponse refused = grant(new ClientSecretBasic(new ClientID(id), new Secret("wrong")), null);
        assertEquals("invalid_client", ((TokenErrorResponse) refused).getErrorObject().getCode());
        // Success carries no-store as well.
        assertEquals("no-store", server.postForm("/oauth2/token", good, "grant_type=client_credentials")
                .headers().firstValue("cache-control").orElse(""));
    }

    @Test
    void rfc6749Section6RefreshTokensOnlyByTheClientTheyWereIssuedTo() throws Exception {
        ClientRegistry.NewClient app = server.addClient(new ClientSpec("app", Set.of("refresh_token"), List.of(),
                List.of(), null, null, false));
        ClientRegistry.NewClient other = server.addClient(new ClientSpec("other-app", Set.of("refresh_token"),
                List.of(), List.of(), null, null, false));
        server.addUser("rita", "correct horse");
        String issuedToApp = familyFor("rita", app.client().id());
        // Another client cannot spend it, and trying does not spend it.
        assertOAuthError(server.postForm("/oauth2/token", basic(other.client().id(), other.secret()),
                "grant_type=refresh_token&refresh_token=" + issuedToApp), 400, "invalid_grant");
        HttpResponse<String> refreshed = server.postForm("/oauth2/token", basic(app.client().id(), app.secret()),
                "grant_type=refresh_token&refresh_token=" + issuedToApp);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        String next = json(refreshed).get("refresh_token").asText();
        // Rotation as /auth/refresh: the spent token is refused, and /auth/refresh refuses a client's token.
        assertOAuthError(server.postForm("/oauth2/token", basic(app.client().id(), app.secret()),
                "grant_type=refresh_token&refresh_token=" + issuedToApp), 400, "invalid_grant");
        assertEquals(401, server.postJson("/auth/refresh", "{\"refresh_token\":\"" + next + "\"}").statusCode());
        // A token from the JSON login belongs to no client.
        String login = json(server.postJson("/auth", RunningServer.loginBody("rita", "correct horse")))
                .get("refresh_token").asText();
        assertOAuthError(server.postForm("/oauth2/token", basic(app.client().id(), app.secret()),
                "grant_type=refresh_token&refresh_token=" + login), 400, "invalid_grant");
        assertEquals(200, server.postJson("/auth/refresh", "{\"refresh_token\":\"" + login + "\"}").statusCode());
    }

    /** A refresh token family issued to a client, started through the public store, as a later grant will. */
    private static String familyFor(String username, String clientId) {
        String token = java.util.UUID.randomUUID().toString().replace("-", "") + "abcdefghijk";
        String userId = server.database().credentialStore().findByUsername(username).orElseThrow().account().id();
        Instant now = Instant.now();
        server.database().refreshTokenStore().createFamily(java.util.UUID.randomUUID().toString(), userId, clientId,
                io.netauth.core.AuthMethods.PASSWORD,
                now, now.plus(Duration.ofDays(1)), sha256(token), now.plus(Duration.ofHours(1)));
        return token;
    }

    private static String sha256(String value) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client registered with a key of its own, for {@code private_key_jwt}. */
    private record SignedClient(ClientID id, RSAKey key) {
        /** An assertion for {@code audiences}, as Nimbus makes it: a single audience is a string, more an array. */
        PrivateKeyJWT assertionFor(String... audiences) throws Exception {
            java.util.Date exp = java.util.Date.from(Instant.now().plusSeconds(60));
            return new PrivateKeyJWT(new com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet(id,
                    com.nimbusds.oauth2.sdk.id.Audience.create(List.of(audiences)), exp, null, new java.util.Date(),
                    new com.nimbusds.oauth2.sdk.id.JWTID()), JWSAlgorithm.RS256, key.toRSAPrivateKey(),
                    key.getKeyID(), null);
        }
    }

    private static SignedClient signedClient(String name) throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        ClientRegistry.NewClient signed = server.addClient(new ClientSpec(name, Set.of(), List.of("jobs"),
                List.of(), null, new JWKSet(key.toPublicJWK()).toString(), false));
        assertNull(signed.secret(), "a private_key_jwt client has no secret");
        return new SignedClient(new ClientID(signed.client().id()), key);
    }

    @Test
    void rfc7523PrivateKeyJwtWithReplayAndAudienceChecks() throws Exception {
        SignedClient signed = signedClient("signed");
        ClientID id = signed.id();
        RSAKey key = signed.key();
        // draft-ietf-oauth-rfc7523bis: the audience is the issuer identifier.
        PrivateKeyJWT assertion = new PrivateKeyJWT(id, URI.create(server.tokens().issuerId()), JWSAlgorithm.RS256,
                key.toRSAPrivateKey(), key.getKeyID(), null);
        TokenResponse first = grant(assertion, null);
        assertTrue(first.indicatesSuccess(), () -> first.toErrorResponse().getErrorObject().toString());
        // Section 3 item 7: the same jti again is refused.
        TokenResponse replay = grant(assertion, null);
        assertEquals("invalid_client", replay.toErrorResponse().getErrorObject().getCode());
        // Section 3 item 3: an audience that is not this server.
        PrivateKeyJWT elsewhere = new PrivateKeyJWT(id, URI.create("https://other.example/token"), JWSAlgorithm.RS256,
                key.toRSAPrivateKey(), key.getKeyID(), null);
        assertEquals("invalid_client", grant(elsewhere, null).toErrorResponse().getErrorObject().getCode());
        // A key the client did not register.
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
        PrivateKeyJWT forged = new PrivateKeyJWT(id, URI.create(server.tokens().issuerId()), JWSAlgorithm.RS256,
                stranger.toRSAPrivateKey(), stranger.getKeyID(), null);
        assertEquals("invalid_client", grant(forged, null).toErrorResponse().getErrorObject().getCode());
    }

    @Test
    void privateKeyJwtWithArrayAudienceIsRefused() throws Exception {
        // draft-ietf-oauth-rfc7523bis and the OpenID Foundation's audience injection advisory: aud is the issuer
        // identifier as a single string; an array may have been asked for by another server, even one that
        // holds this server's identifiers.
        SignedClient signed = signedClient("signed-array");
        String issuer = server.tokens().issuerId();
        assertEquals("invalid_client", grant(signed.assertionFor("http://evil.example",
                metadata.getTokenEndpointURI().toString()), null).toErrorResponse().getErrorObject().getCode());
        assertEquals("invalid_client", grant(signed.assertionFor("http://evil.example", issuer), null)
                .toErrorResponse().getErrorObject().getCode());
        TokenResponse control = grant(signed.assertionFor(issuer), null);
        assertTrue(control.indicatesSuccess(), () -> control.toErrorResponse().getErrorObject().toString());
    }

    @Test
    void assertionForIntrospectionEndpointIsRefusedAtTokenEndpoint() throws Exception {
        // draft-ietf-oauth-rfc7523bis: neither an endpoint's URL, nor (by default) the token endpoint's own,
        // which older clients, Nimbus's PrivateKeyJWT among them, put in aud.
        SignedClient signed = signedClient("signed-endpoints");
        assertEquals("invalid_client", grant(signed.assertionFor(metadata.getIntrospectionEndpointURI().toString()),
                null).toErrorResponse().getErrorObject().getCode());
        PrivateKeyJWT nimbusDefault = new PrivateKeyJWT(signed.id(), metadata.getTokenEndpointURI(),
                JWSAlgorithm.RS256, signed.key().toRSAPrivateKey(), signed.key().getKeyID(), null);
        assertEquals("invalid_client", grant(nimbusDefault, null).toErrorResponse().getErrorObject().getCode());
    }

    @Test
    void theTokenEndpointAudienceIsAcceptedWhenTurnedOn() throws Exception {
        try (RunningServer older = RunningServer.builder().issuerOnPort().config(b -> b.settings(
                io.netauth.core.config.Settings.builder().setAll(RunningServer.UNTHROTTLED)
                        .set(io.netauth.core.config.CoreSettings.CLIENT_ASSERTION_TOKEN_ENDPOINT, true).build()))
                .start()) {
            RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
            ClientID id = new ClientID(older.addClient(new ClientSpec("older", Set.of(), List.of(), List.of(), null,
                    new JWKSet(key.toPublicJWK()).toString(), false)).client().id());
            URI tokenEndpoint = URI.create(older.tokens().issuerId() + "/oauth2/token");
            TokenResponse accepted = TokenResponse.parse(new TokenRequest(tokenEndpoint, new PrivateKeyJWT(id,
                    tokenEndpoint, JWSAlgorithm.RS256, key.toRSAPrivateKey(), key.getKeyID(), null),
                    new ClientCredentialsGrant(), null).toHTTPRequest().send());
            assertTrue(accepted.indicatesSuccess(), () -> accepted.toErrorResponse().getErrorObject().toString());
            PrivateKeyJWT introspection = new PrivateKeyJWT(id, URI.create(older.tokens().issuerId()
                    + "/oauth2/introspect"), JWSAlgorithm.RS256, key.toRSAPrivateKey(), key.getKeyID(), null);
            assertEquals("invalid_client", TokenResponse.parse(new TokenRequest(tokenEndpoint, introspection,
                    new ClientCredentialsGrant(), null).toHTTPRequest().send()).toErrorResponse().getErrorObject()
                    .getCode());
        }
    }

    @Test
    void rfc7662IntrospectionAnswersBothKindsAndNeverSpendsARefreshToken() throws Exception {
        AccessToken access = token(service, new Scope("orders.read"));
        TokenIntrospectionSuccessResponse active = introspect(basicOf(gateway), access);
        assertTrue(active.isActive());
        assertEquals(service.client().id(), active.getClientID().getValue());
        assertEquals(service.client().id(), active.getSubject().getValue());
        assertEquals(new Scope("orders.read"), active.getScope());
        assertEquals(server.tokens().issuerId(), active.getIssuer().getValue());
        assertTrue(active.getExpirationTime().toInstant().isAfter(Instant.now()));
        assertFalse(introspect(basicOf(gateway), new BearerAccessToken("not-a-token")).isActive());

        server.addUser("ivan", "correct horse");
        JsonNode login = json(server.postJson("/auth", RunningServer.loginBody("ivan", "correct horse")));
        RefreshToken refresh = new RefreshToken(login.get("refresh_token").asText());
        TokenIntrospectionSuccessResponse refreshInfo = introspect(basicOf(gateway), refresh);
        assertTrue(refreshInfo.isActive());
        assertEquals("refresh_token", refreshInfo.toJSONObject().get("token_type"));
        assertTrue(introspect(basicOf(gateway), refresh).isActive(), "introspection spent nothing");
        assertEquals(200, server.postJson("/auth/refresh", "{\"refresh_token\":\"" + refresh.getValue() + "\"}")
                .statusCode());
        assertFalse(introspect(basicOf(gateway), refresh).isActive(), "spent by the refresh");

        // A client not allowed to introspect is refused; a bad credential is a 401.
        assertOAuthError(server.postForm("/oauth2/introspect", basic(service.client().id(), service.secret()),
                "token=" + access.getValue()), 400, "unauthorized_client");
        assertOAuthError(server.postForm("/oauth2/introspect", basic(gateway.client().id(), "wrong"),
                "token=" + access.getValue()), 401, "invalid_client");
        assertOAuthError(server.postForm("/oauth2/introspect", basic(gateway.client().id(), gateway.secret()), ""),
                400, "invalid_request");
    }

    private static TokenIntrospectionSuccessResponse introspect(ClientAuthentication auth,
            com.nimbusds.oauth2.sdk.token.Token token) throws Exception {
        HTTPResponse http = new TokenIntrospectionRequest(metadata.getIntrospectionEndpointURI(), auth, token)
                .toHTTPRequest().send();
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(http);
        assertTrue(response.indicatesSuccess(), http.getBody());
        return response.toSuccessResponse();
    }

    @Test
    void rfc7009RevocationDeniesAnAccessTokenEverywhereAndARefreshTokenFamily() throws Exception {
        AccessToken access = token(service, null);
        assertEquals(200, server.verify("Bearer " + access.getValue()).statusCode());
        HTTPResponse revoked = new TokenRevocationRequest(metadata.getRevocationEndpointURI(), basicOf(service), access)
                .toHTTPRequest().send();
        assertEquals(200, revoked.getStatusCode());
        assertEquals(401, server.verify("Bearer " + access.getValue()).statusCode(), "verify honours it at once here");
        assertFalse(introspect(basicOf(gateway), access).isActive());
        // Section 2.2: an unknown or invalid token is still a 200.
        assertEquals(200, new TokenRevocationRequest(metadata.getRevocationEndpointURI(), basicOf(service),
                new BearerAccessToken("no-such-token")).toHTTPRequest().send().getStatusCode());
        // Section 2.1: a client revokes only its own tokens.
        AccessToken gatewayToken = token(gateway, null);
        assertOAuthError(server.postForm("/oauth2/revoke", basic(service.client().id(), service.secret()),
                "token=" + gatewayToken.getValue()), 400, "invalid_request");
        assertEquals(200, server.verify("Bearer " + gatewayToken.getValue()).statusCode());
        // A refresh token revokes its family; a client allowed to introspect may revoke a user's tokens.
        server.addUser("rosa", "correct horse");
        JsonNode login = json(server.postJson("/auth", RunningServer.loginBody("rosa", "correct horse")));
        assertEquals(200, server.postForm("/oauth2/revoke", basic(gateway.client().id(), gateway.secret()),
                "token=" + login.get("refresh_token").asText() + "&token_type_hint=refresh_token").statusCode());
        assertEquals(401, server.postJson("/auth/refresh", "{\"refresh_token\":\""
                + login.get("refresh_token").asText() + "\"}").statusCode());
        assertOAuthError(server.postForm("/oauth2/revoke", basic(service.client().id(), "wrong"), "token=x"), 401,
                "invalid_client");
    }

    @Test
    void aRotatedSecretKeepsWorkingForKeepOldAndADisabledClientStopsAtOnce() throws Exception {
        ClientRegistry.NewClient rolling = server.addClient(ClientSpec.of("rolling", List.of()));
        String admin = adminToken();
        HttpResponse<String> rotated = server.send(java.net.http.HttpRequest.newBuilder(
                server.uri("/admin/clients/rolling/rotate-secret")).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"keep_old\":\"1h\"}")).build());
        assertEquals(200, rotated.statusCode(), rotated.body());
        String fresh = json(rotated).get("client_secret").asText();
        String id = rolling.client().id();
        assertEquals(200, server.postForm("/oauth2/token", basic(id, fresh), "grant_type=client_credentials").statusCode());
        assertEquals(200, server.postForm("/oauth2/token", basic(id, rolling.secret()), "grant_type=client_credentials")
                .statusCode(), "the old secret still works during --keep-old");
        HttpResponse<String> again = server.send(java.net.http.HttpRequest.newBuilder(
                server.uri("/admin/clients/rolling/rotate-secret")).header("Authorization", "Bearer " + admin)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        String newest = json(again).get("client_secret").asText();
        assertEquals(401, server.postForm("/oauth2/token", basic(id, fresh), "grant_type=client_credentials").statusCode(),
                "without --keep-old the previous secret ends at once");
        assertEquals(204, server.send(java.net.http.HttpRequest.newBuilder(
                server.uri("/admin/clients/rolling/disable")).header("Authorization", "Bearer " + admin)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build()).statusCode());
        assertEquals(401, server.postForm("/oauth2/token", basic(id, newest), "grant_type=client_credentials").statusCode());
    }

    @Test
    void theAdminApiAddsListsAndRemovesClients() throws Exception {
        String admin = adminToken();
        HttpResponse<String> added = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/admin/clients"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"reports\",\"scopes\":[\"reports.read\"],\"ttl\":\"2m\"}")).build());
        assertEquals(201, added.statusCode(), added.body());
        JsonNode body = json(added);
        String id = body.get("client_id").asText();
        String secret = body.get("client_secret").asText();
        assertEquals(43, secret.length(), "256 bits, unpadded Base64url");
        assertEquals("no-store", added.headers().firstValue("cache-control").orElse(""));
        assertEquals(200, server.postForm("/oauth2/token", basic(id, secret), "grant_type=client_credentials").statusCode());
        HttpResponse<String> list = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/admin/clients"))
                .header("Authorization", "Bearer " + admin).build());
        assertTrue(list.body().contains("\"reports\""));
        assertFalse(list.body().contains(secret), "a secret is shown once only");
        assertEquals(204, server.send(java.net.http.HttpRequest.newBuilder(server.uri("/admin/clients/reports"))
                .header("Authorization", "Bearer " + admin).DELETE().build()).statusCode());
        assertEquals(401, server.postForm("/oauth2/token", basic(id, secret), "grant_type=client_credentials").statusCode());
        assertEquals(404, server.send(java.net.http.HttpRequest.newBuilder(server.uri("/admin/clients/reports"))
                .header("Authorization", "Bearer " + admin).DELETE().build()).statusCode());
        assertEquals(401, server.send(java.net.http.HttpRequest.newBuilder(server.uri("/admin/clients")).build())
                .statusCode());
    }

    /** RFC 9700 section 2.1.1: PKCE is required by default; the admin API lets only a confidential client off. */
    @Test
    void theAdminApiSetsAClientsPkceRule() throws Exception {
        String admin = adminToken();
        HttpResponse<String> added = adminSend(admin, "POST", "/admin/clients", "{\"name\":\"old-portal\","
                + "\"redirect_uris\":[\"https://old.example/cb\"],\"pkce\":\"optional\"}");
        assertEquals(201, added.statusCode(), added.body());
        assertEquals("optional", json(added).get("pkce").asText());
        HttpResponse<String> plain = adminSend(admin, "POST", "/admin/clients",
                "{\"name\":\"new-portal\",\"redirect_uris\":[\"https://new.example/cb\"]}");
        assertEquals("required", json(plain).get("pkce").asText(), "the default");
        assertEquals(400, adminSend(admin, "POST", "/admin/clients", "{\"name\":\"spa\",\"public\":true,"
                + "\"redirect_uris\":[\"https://spa.example/cb\"],\"pkce\":\"optional\"}").statusCode());
        assertEquals(400, adminSend(admin, "POST", "/admin/clients", "{\"name\":\"odd\","
                + "\"redirect_uris\":[\"https://odd.example/cb\"],\"pkce\":\"sometimes\"}").statusCode());

        assertEquals(204, adminSend(admin, "PUT", "/admin/clients/old-portal/pkce", "{\"pkce\":\"required\"}")
                .statusCode());
        assertEquals(204, adminSend(admin, "PUT", "/admin/clients/new-portal/pkce", "{\"pkce\":\"optional\"}")
                .statusCode());
        JsonNode list = json(adminSend(admin, "GET", "/admin/clients", null));
        for (JsonNode client : list) {
            if (client.get("name").asText().equals("old-portal")) {
                assertEquals("required", client.get("pkce").asText());
            } else if (client.get("name").asText().equals("new-portal")) {
                assertEquals("optional", client.get("pkce").asText());
            }
        }
        assertEquals(400, adminSend(admin, "PUT", "/admin/clients/orders/pkce", "{\"pkce\":\"optional\"}")
                .statusCode(), "a client without redirect URIs");
        assertEquals(404, adminSend(admin, "PUT", "/admin/clients/ghost/pkce", "{\"pkce\":\"optional\"}")
                .statusCode());
        assertEquals(405, adminSend(admin, "POST", "/admin/clients/old-portal/pkce", "{\"pkce\":\"optional\"}")
                .statusCode());
    }

    private static HttpResponse<String> adminSend(String admin, String method, String path, String body) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(server.uri(path))
                .header("Authorization", "Bearer " + admin);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return server.send(request.method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String adminToken() throws Exception {
        if (server.database().credentialStore().findByUsername("root").isEmpty()) {
            server.addUser("root", "correct horse", "admin");
        }
        return json(server.postJson("/auth", RunningServer.loginBody("root", "correct horse"))).get("token").asText();
    }
}
