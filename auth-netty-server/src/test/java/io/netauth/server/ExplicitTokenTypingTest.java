package io.netauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.netauth.core.client.ClientRegistry;
import io.netauth.core.client.ClientSpec;
import io.netauth.core.client.CodeFlow;
import io.netauth.core.internal.KeyMaterial;
import io.netauth.core.token.JwtTokens;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Explicit typing (RFC 8725 section 3.11, RFC 9068 sections 2.1 and 4): every access token is typed
 * {@code at+jwt}, and everything that takes an access token refuses every other token of this server, the ID
 * token first, which is signed with the same key and names the client as its audience.
 */
class ExplicitTokenTypingTest {

    static final String REDIRECT = "https://app.example.test/callback";
    static final String PASSWORD = "correct horse battery";
    static final ObjectMapper JSON = new ObjectMapper();

    static RunningServer server;
    static ClientRegistry.NewClient app;
    static ClientRegistry.NewClient gateway;
    static OIDCTokens tokens;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.builder().issuerOnPort().config(b -> b.adminApi(true, "admin")).start();
        server.addUser("ida", PASSWORD, "admin");
        app = server.addClient(new ClientSpec("typed-app", Set.of("authorization_code", "refresh_token"), List.of(),
                List.of(), null, null, false, new CodeFlow(List.of(REDIRECT), List.of(), false, true)));
        gateway = server.addClient(new ClientSpec("typed-gateway", Set.of(), List.of(), List.of(), null, null,
                true));
        OidcClient rp = new OidcClient(server.tokens().issuerId(), app.client().id(), app.secret(), REDIRECT);
        BrowserAgent browser = new BrowserAgent(URI.create(server.tokens().issuerId()))
                .signsInAs("ida", PASSWORD, null);
        tokens = rp.signIn(browser, rp.flow("openid profile offline_access"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path, String bearer) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + bearer)
                .GET().build());
    }

    private static JsonNode introspect(String token) throws Exception {
        HttpResponse<String> r = server.postForm("/oauth2/introspect", RunningServer.basic(gateway.client().id(),
                gateway.secret()), "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void theCodeFlowsAccessTokenIsTypedAndAccepted() throws Exception {
        String access = tokens.getAccessToken().getValue();
        assertEquals("at+jwt", JWT.decode(access).getType(), "RFC 9068 section 2.1");
        assertEquals(200, server.verify("Bearer " + access).statusCode());
        assertTrue(introspect(access).get("active").asBoolean());
        assertEquals(200, get("/oauth2/userinfo", access).statusCode());
    }

    @Test
    void idTokenIsRefusedByVerifyIntrospectionAndUserinfo() throws Exception {
        // RFC 8725 section 3.11, RFC 9068 section 4, OpenID Connect Core section 2: an ID token is no access token.
        String idToken = tokens.getIDTokenString();
        String audience = URLEncoder.encode(app.client().id(), StandardCharsets.UTF_8);
        HttpResponse<String> verify = get("/auth/verify?audience=" + audience, idToken);
        assertEquals(401, verify.statusCode(), verify.body());
        assertTrue(verify.headers().firstValue("WWW-Authenticate").orElseThrow().contains("error=\"invalid_token\""));
        assertEquals(401, get("/auth/verify", idToken).statusCode());
        assertEquals(401, get("/auth/forward?audience=" + audience, idToken).statusCode());
        // RFC 7662 section 2.2: not a live access token of this server.
        assertEquals("{\"active\":false}", introspect(idToken).toString());
        // RFC 6750 section 3.1: the token is invalid for this resource, not short of a scope.
        HttpResponse<String> userinfo = get("/oauth2/userinfo", idToken);
        assertEquals(401, userinfo.statusCode(), userinfo.body());
        assertTrue(userinfo.headers().firstValue("WWW-Authenticate").orElseThrow()
                .contains("error=\"invalid_token\""), userinfo.headers().toString());
        assertEquals(401, get("/admin/clients", idToken).statusCode(), "the admin API");
        HttpResponse<String> password = server.send(HttpRequest.newBuilder(server.uri("/auth/password"))
                .header("Authorization", "Bearer " + idToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"current_password\":\"" + PASSWORD
                        + "\",\"new_password\":\"another horse battery staple\"}")).build());
        assertEquals(401, password.statusCode(), password.body());
        HttpResponse<String> enrol = server.send(HttpRequest.newBuilder(server.uri("/auth/mfa/totp"))
                .header("Authorization", "Bearer " + idToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + PASSWORD + "\"}")).build());
        assertEquals(401, enrol.statusCode(), enrol.body());
        // The controls: the access token of the same exchange passes each of them.
        String access = tokens.getAccessToken().getValue();
        assertEquals(200, server.verify("Bearer " + access).statusCode());
        assertTrue(introspect(access).get("active").asBoolean());
        assertEquals(200, get("/oauth2/userinfo", access).statusCode());
        assertEquals(200, get("/admin/clients", access).statusCode());
    }

    @Test
    void aRefreshTokenIsNoAccessToken() throws Exception {
        String refresh = tokens.getRefreshToken().getValue();
        assertEquals(401, get("/auth/verify", refresh).statusCode());
        assertEquals(401, get("/oauth2/userinfo", refresh).statusCode());
        assertEquals(401, get("/admin/clients", refresh).statusCode());
        assertEquals("refresh_token", introspect(refresh).get("token_type").asText(), "introspected as what it is");
    }

    /** An access token as the versions before explicit typing signed it: header typ JWT. */
    private static String untyped(Instant issuedAt) {
        JwtTokens keys = server.tokens();
        String userId = server.database().credentialStore().findByUsername("ida").orElseThrow().account().id();
        return JWT.create().withKeyId(keys.activeKey().kid()).withIssuer(keys.issuerId()).withAudience("netauth")
                .withSubject(userId).withClaim("preferred_username", "ida").withClaim("roles", List.of("admin"))
                .withClaim("amr", List.of("pwd")).withIssuedAt(issuedAt)
                .withExpiresAt(issuedAt.plus(Duration.ofMinutes(10))).withJWTId(UUID.randomUUID().toString())
                .sign(KeyMaterial.signingAlgorithm(keys.activeKey()));
    }

    @Test
    void untypedLegacyTokenIsAcceptedOnlyIfIssuedBeforeTheUpgrade() throws Exception {
        Instant upgrade = server.tokens().typedAccessTokensSince();
        String before = untyped(upgrade.minusSeconds(30).truncatedTo(ChronoUnit.SECONDS));
        HttpResponse<String> r = server.verify("Bearer " + before);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("ida", r.headers().firstValue("X-Auth-Username").orElseThrow());
        assertTrue(introspect(before).get("active").asBoolean());
        String after = untyped(upgrade.plusSeconds(1).truncatedTo(ChronoUnit.SECONDS));
        assertEquals(401, server.verify("Bearer " + after).statusCode(), "issued after the upgrade: forged or "
                + "misrouted, never an earlier version's");
        assertEquals("{\"active\":false}", introspect(after).toString());
    }
}
