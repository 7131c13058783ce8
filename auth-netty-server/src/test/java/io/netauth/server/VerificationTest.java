package io.netauth.server;

import static io.netauth.server.LoginContractTest.json;
import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.netauth.core.UserAccount;
import io.netauth.core.internal.KeyMaterial;
import io.netauth.server.testing.RunningServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /auth/verify} and {@code /.well-known/jwks.json}, through a real server and client. */
class VerificationTest {

    /** The default issuer. */
    private static final String ISSUER = "http://localhost:8080";

    private static RunningServer server;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.start();
        server.addUser("Zoë", "correct horse", "admin", "user");
        token = json(server.postJson("/auth", loginBody("zoë", "correct horse"))).get("token").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertInvalid(HttpResponse<String> r, boolean withError) throws Exception {
        assertEquals(401, r.statusCode(), r.body());
        assertEquals("invalid_token", json(r).get("error").asText());
        String challenge = r.headers().firstValue("www-authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer realm=\"" + ISSUER + "\""), challenge);
        assertEquals(withError, challenge.contains("error=\"invalid_token\""), challenge);
    }

    private static String forged(Algorithm algorithm, String kid, String issuer, Instant exp) {
        // Typed as every access token is (RFC 9068 section 2.1), so that each refusal is for what the test breaks.
        var builder = JWT.create().withHeader(java.util.Map.of("typ", "at+jwt")).withKeyId(kid).withIssuer(issuer)
                .withAudience("netauth").withSubject("x");
        if (exp != null) {
            builder.withExpiresAt(exp);
        }
        return builder.sign(algorithm);
    }

    @Test
    void aValidTokenAnswersItsClaimsAndHeaders() throws Exception {
        HttpResponse<String> r = server.verify("Bearer " + token);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode claims = json(r);
        String id = server.database().credentialStore().findByUsername("zoë").orElseThrow().account().id();
        assertEquals(id, claims.get("sub").asText());
        assertEquals("Zoë", claims.get("preferred_username").asText());
        assertEquals("admin", claims.get("roles").get(0).asText());
        assertEquals(ISSUER, claims.get("iss").asText());
        assertEquals("netauth", claims.get("aud").get(0).asText());
        assertTrue(claims.get("exp").asLong() > Instant.now().getEpochSecond());
        assertEquals(id, r.headers().firstValue("x-auth-subject").orElseThrow());
        assertEquals("Zo%C3%AB", r.headers().firstValue("x-auth-username").orElseThrow(), "UTF-8, percent-encoded");
        assertEquals("admin,user", r.headers().firstValue("x-auth-roles").orElseThrow());
    }

    @Test
    void headAnswersTheSameWithoutABody() {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/auth/verify"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + token)
                .build());
        assertEquals(200, r.statusCode());
        assertEquals("", r.body());
        assertTrue(r.headers().firstValue("x-auth-subject").isPresent());
    }

    @Test
    void theSchemeIsCaseInsensitive() {
        assertEquals(200, server.verify("bearer " + token).statusCode());
        assertEquals(200, server.verify("BEARER " + token).statusCode());
    }

    @Test
    void aMissingTokenGetsAChallengeWithoutAnErrorCode() throws Exception {
        assertInvalid(server.verify(null), false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer a b", "Token abc", "Bearer abc",
        "Bearer eyJhbGciOiJSUzI1NiJ9.e30.", "Bearer ....", "Bearer %00"})
    void malformedHeadersAreInvalidTokensNever400(String authorization) throws Exception {
        assertInvalid(server.verify(authorization), true);
    }

    @Test
    void anOverlongTokenIsAnInvalidToken() throws Exception {
        assertInvalid(server.verify("Bearer " + "a".repeat(7000)), true);
    }

    @Test
    void forgedAndForeignTokensAreRefused() throws Exception {
        var key = server.tokens().activeKey();
        Algorithm ours = KeyMaterial.signingAlgorithm(key);
        Instant soon = Instant.now().plusSeconds(300);
        assertInvalid(server.verify("Bearer " + forged(ours, key.kid(), ISSUER, Instant.now().minusSeconds(60))),
                true);
        assertInvalid(server.verify("Bearer " + forged(ours, key.kid(), "someone-else", soon)), true);
        assertInvalid(server.verify("Bearer " + forged(ours, key.kid(), ISSUER, null)), true);
        assertInvalid(server.verify("Bearer " + forged(ours, "no-such-kid", ISSUER, soon)), true);
        assertInvalid(server.verify("Bearer " + forged(Algorithm.none(), key.kid(), ISSUER, soon)), true);
        assertInvalid(server.verify("Bearer " + forged(Algorithm.HMAC256(key.publicKey()), key.kid(), ISSUER,
                soon)), true);
        String notYet = JWT.create().withHeader(java.util.Map.of("typ", "at+jwt")).withKeyId(key.kid())
                .withIssuer(ISSUER).withAudience("netauth")
                .withExpiresAt(soon).withNotBefore(Instant.now().plusSeconds(120)).sign(ours);
        assertInvalid(server.verify("Bearer " + notYet), true);
        String[] parts = token.split("\\.");
        assertInvalid(server.verify("Bearer " + parts[0] + "." + parts[1] + "." + parts[2].substring(3) + "abc"),
                true);
        // A control case: the same forging code with every claim right passes, so the refusals above are real.
        assertEquals(200, server.verify("Bearer " + forged(ours, key.kid(), ISSUER, soon)).statusCode());
    }

    @Test
    void jwksPublishesTheRsaKeyAndTokensVerifyWithNimbusFromItAlone() throws Exception {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/.well-known/jwks.json")).build());
        assertEquals(200, r.statusCode());
        assertEquals("public, max-age=300", r.headers().firstValue("cache-control").orElse(""));
        JWKSet jwks = JWKSet.parse(r.body());
        SignedJWT jwt = SignedJWT.parse(token);
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertEquals("sig", key.getKeyUse().identifier());
        assertEquals("RS256", key.getAlgorithm().getName());
        JWSVerifier verifier = new RSASSAVerifier(key);
        assertTrue(jwt.verify(verifier));
        assertEquals("Zoë", jwt.getJWTClaimsSet().getStringClaim("preferred_username"));
        assertTrue(key.toPublicJWK().toJSONObject().keySet().containsAll(List.of("kty", "kid", "use", "alg", "n",
                "e")));
    }

    @Test
    void rotationPublishesTheNewKeyAndOldTokensKeepVerifying() throws Exception {
        try (RunningServer rotating = RunningServer.start()) {
            rotating.addUser("ann", "pw-for-ann");
            String before = json(rotating.postJson("/auth", loginBody("ann", "pw-for-ann"))).get("token").asText();
            var fresh = rotating.tokens().rotateKey();
            String after = json(rotating.postJson("/auth", loginBody("ann", "pw-for-ann"))).get("token").asText();
            assertEquals(fresh.kid(), JWT.decode(after).getKeyId());
            assertNotEquals(JWT.decode(before).getKeyId(), JWT.decode(after).getKeyId());
            assertEquals(200, rotating.verify("Bearer " + before).statusCode());
            assertEquals(200, rotating.verify("Bearer " + after).statusCode());
            JWKSet jwks = JWKSet.parse(rotating.send(HttpRequest.newBuilder(rotating.uri("/.well-known/jwks.json"))
                    .build()).body());
            assertEquals(2, jwks.getKeys().size());
            for (String t : List.of(before, after)) {
                SignedJWT jwt = SignedJWT.parse(t);
                assertTrue(jwt.verify(new RSASSAVerifier((RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID()))));
            }
        }
    }

    @Test
    void hs256PublishesNoKeys() throws Exception {
        try (RunningServer hs = RunningServer.builder().algorithm(io.netauth.core.token.SigningAlgorithm.HS256).start()) {
            HttpResponse<String> r = hs.send(HttpRequest.newBuilder(hs.uri("/.well-known/jwks.json")).build());
            assertEquals("{\"keys\":[]}", r.body());
            hs.addUser("bo", "pw-for-bo");
            String t = json(hs.postJson("/auth", loginBody("bo", "pw-for-bo"))).get("token").asText();
            assertEquals(200, hs.verify("Bearer " + t).statusCode());
            assertInvalid(hs.verify("Bearer " + token), true); // an RS256 token is not one of its tokens
        }
    }

    @Test
    void verificationDoesNotDependOnTheAccountStillExisting() {
        // Access tokens are stateless: a verifier trusts the signature until exp (which is why it is short).
        UserAccount ghost = new UserAccount("ghost", "ghost", List.of(), true);
        String t = server.tokens().signer().issue(ghost).value();
        assertEquals(200, server.verify("Bearer " + t).statusCode());
    }

    private static HttpResponse<String> verifyWithQuery(String query) {
        return server.send(HttpRequest.newBuilder(server.uri("/auth/verify?" + query))
                .header("Authorization", "Bearer " + token).GET().build());
    }

    /** Fail closed: a gateway's typo ({@code AMR} for {@code amr}) must not turn the second-factor rule off. */
    @Test
    void unknownVerifyQueryParameterIsRefusedNamingIt() throws Exception {
        HttpResponse<String> r = verifyWithQuery("AMR=otp");
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("invalid_request", json(r).get("error").asText());
        assertTrue(json(r).get("message").asText().contains("'AMR'"), r.body());
        assertTrue(r.headers().firstValue("x-auth-subject").isEmpty(), "no identity with a refusal");
    }

    /** Each way a narrowing parameter could fail to narrow is refused with 400, never ignored. */
    @ParameterizedTest
    @ValueSource(strings = {"amr=", "amr=otp,", "amr=,otp", "amr=OTP", "amr=mfa", "amr=otp&Amr=otp", "audience=",
            "audience=%20", "audience=netauth&audience=other", "aud=netauth", "amr=otp;x=1",
            "x=1&amr=pwd"})
    void aNarrowingParameterThatCannotNarrowIsRefused(String query) throws Exception {
        HttpResponse<String> r = verifyWithQuery(query);
        assertEquals(400, r.statusCode(), query + ": " + r.body());
        assertEquals("invalid_request", json(r).get("error").asText());
    }

    /** Repeated amr asks for each method: the requirement only grows. */
    @Test
    void repeatedAmrAsksForEveryMethodNamed() throws Exception {
        assertEquals(200, verifyWithQuery("amr=pwd&amr=pwd").statusCode());
        HttpResponse<String> r = verifyWithQuery("amr=pwd&amr=otp");
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("www-authenticate").orElse("")
                .contains("insufficient_user_authentication"));
        assertEquals(200, verifyWithQuery("audience=netauth&amr=pwd").statusCode());
    }
}
