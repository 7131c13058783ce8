package io.netauth.server;

import static io.netauth.server.LoginContractTest.assertError;
import static io.netauth.server.LoginContractTest.json;
import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.JsonNode;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import io.netauth.core.testing.MutableClock;
import io.netauth.core.testing.TestDatabases;
import io.netauth.server.testing.RunningServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Two servers on one real PostgreSQL work as one service. */
class SeveralServersTest {

    @Test
    void tokensRefreshesReuseAndKeyRotationCrossServers() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (TestDatabases.PostgresSchema schema = TestDatabases.postgresSchema();
                RunningServer a = RunningServer.builder().database(schema.settings()).clock(clock).start();
                RunningServer b = RunningServer.builder().database(schema.settings()).clock(clock).start()) {
            a.addUser("alice", "correct horse");
            assertEquals(a.tokens().activeKey().kid(), b.tokens().activeKey().kid(), "one key for both");

            // A token issued by one verifies at the other.
            JsonNode grant = json(a.postJson("/auth", loginBody("alice", "correct horse")));
            assertEquals(200, b.verify("Bearer " + grant.get("token").asText()).statusCode());

            // A refresh token issued at one rotates at the other, and reuse is caught at either.
            String first = grant.get("refresh_token").asText();
            JsonNode rotated = json(b.postJson("/auth/refresh", "{\"refresh_token\":\"" + first + "\"}"));
            String second = rotated.get("refresh_token").asText();
            clock.advance(Duration.ofSeconds(3));
            assertError(a.postJson("/auth/refresh", "{\"refresh_token\":\"" + first + "\"}"), 401, "invalid_token");
            assertError(b.postJson("/auth/refresh", "{\"refresh_token\":\"" + second + "\"}"), 401, "invalid_token");

            // A key rotated at one is used by the other after its next key reload.
            String rotatedKid = a.tokens().rotateKey().kid();
            b.tokens().reloadKeys(); // what b's maintenance thread does every key-reload-interval
            String fromB = json(b.postJson("/auth", loginBody("alice", "correct horse"))).get("token").asText();
            assertEquals(rotatedKid, JWT.decode(fromB).getKeyId());
            assertEquals(200, a.verify("Bearer " + fromB).statusCode());
        }
    }

    @Test
    void databaseThrottleCountersAreSharedAcrossServers() throws Exception {
        Settings threeFree = Settings.builder()
                .set(CoreSettings.THROTTLE_ACCOUNT_FREE, 3)
                .set(CoreSettings.THROTTLE_ACCOUNT_BASE_DELAY, Duration.ofSeconds(30))
                .set(CoreSettings.THROTTLE_ACCOUNT_MAX_DELAY, Duration.ofMinutes(5))
                .set(CoreSettings.THROTTLE_ACCOUNT_FORGET_AFTER, Duration.ofMinutes(10))
                .build();
        try (TestDatabases.PostgresSchema schema = TestDatabases.postgresSchema();
                RunningServer a = RunningServer.builder().database(schema.settings())
                        .config(c -> c.settings(threeFree)).sharedThrottle().start();
                RunningServer b = RunningServer.builder().database(schema.settings())
                        .config(c -> c.settings(threeFree)).sharedThrottle().start()) {
            a.addUser("alice", "correct horse");
            assertError(a.postJson("/auth", loginBody("alice", "wrong")), 401, "invalid_credentials");
            assertError(b.postJson("/auth", loginBody("alice", "wrong")), 401, "invalid_credentials");
            assertError(a.postJson("/auth", loginBody("alice", "wrong")), 401, "invalid_credentials");
            // Three guesses spread over two servers: both now make alice wait, even with the right password.
            assertError(b.postJson("/auth", loginBody("alice", "correct horse")), 429, "too_many_attempts");
            assertError(a.postJson("/auth", loginBody("alice", "correct horse")), 429, "too_many_attempts");
        }
    }

    /** Two processes, forty guesses at once: one admission at a time in the database, across both. */
    @Test
    void parallelGuessesOnTwoServersCannotOutrunTheSharedThrottle() throws Exception {
        Settings fiveFree = Settings.builder().set(CoreSettings.THROTTLE_ACCOUNT_FREE, 5)
                .set(CoreSettings.THROTTLE_ACCOUNT_BASE_DELAY, Duration.ofSeconds(30)).build();
        try (TestDatabases.PostgresSchema schema = TestDatabases.postgresSchema();
                RunningServer a = RunningServer.builder().database(schema.settings())
                        .config(c -> c.settings(fiveFree)).sharedThrottle().start();
                RunningServer b = RunningServer.builder().database(schema.settings())
                        .config(c -> c.settings(fiveFree)).sharedThrottle().start()) {
            a.addUser("alice", "correct horse");
            List<HttpResponse<String>> answers = RunningServer.concurrently(40,
                    i -> (i % 2 == 0 ? a : b).postJson("/auth", loginBody("alice", "wrong " + i)));
            assertEquals(5, answers.stream().filter(r -> r.statusCode() == 401).count(), "five guesses checked");
            assertEquals(35, answers.stream().filter(r -> r.statusCode() == 429).count());
        }
    }

    /**
     * What binds a token's type and a consent is shared by every process on the database: the moment access tokens
     * became typed (RFC 9068 section 2.1), recorded once, and the key that seals the consent form.
     */
    @Test
    void theUpgradeMomentAndTheConsentFormCrossServers() throws Exception {
        try (TestDatabases.PostgresSchema schema = TestDatabases.postgresSchema();
                RunningServer a = RunningServer.builder().database(schema.settings()).start()) {
            Thread.sleep(20); // b starts later, and must still see the moment a recorded
            try (RunningServer b = RunningServer.builder().database(schema.settings()).start()) {
                Instant upgrade = a.tokens().typedAccessTokensSince();
                assertEquals(upgrade, b.tokens().typedAccessTokensSince());
                a.addUser("alice", "correct horse");
                String before = untyped(a, upgrade.minusSeconds(30));
                String after = untyped(a, upgrade.plusSeconds(1));
                assertEquals(200, b.verify("Bearer " + before).statusCode(), "issued before the upgrade");
                assertEquals(401, b.verify("Bearer " + after).statusCode(), "issued after the upgrade");
                assertEquals(401, a.verify("Bearer " + after).statusCode());

                String redirect = "https://shop.example.test/callback";
                String client = a.addClient(new io.netauth.core.client.ClientSpec("shop", java.util.Set.of(),
                        List.of(), List.of(), null, null, false, new io.netauth.core.client.CodeFlow(
                                List.of(redirect), List.of(), false, false))).client().id();
                io.netauth.server.testing.BrowserAgent onA = new io.netauth.server.testing.BrowserAgent(
                        a.uri("/")).signsInAs("alice", "correct horse", null);
                assertNull(onA.open("/login"));
                String page = onA.get("/oauth2/authorize?response_type=code&scope=openid&state=s1&client_id="
                        + client + "&redirect_uri=" + java.net.URLEncoder.encode(redirect,
                                java.nio.charset.StandardCharsets.UTF_8)
                        + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256")
                        .body();
                java.util.Map<String, String> form = io.netauth.server.testing.BrowserAgent.hiddenFields(page);
                form.put("decision", "allow");
                HttpResponse<String> answered = onA.at(b.uri("/")).post("/oauth2/consent", form);
                assertEquals(303, answered.statusCode(), answered.body());
                assertTrue(answered.headers().firstValue("Location").orElseThrow().startsWith(redirect + "?code="));
            }
        }
    }

    /** An access token as versions before explicit typing signed it (header typ JWT), with a's key. */
    private static String untyped(RunningServer a, Instant issuedAt) {
        var keys = a.tokens();
        Instant iat = issuedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return JWT.create().withKeyId(keys.activeKey().kid()).withIssuer(keys.issuerId()).withAudience("netauth")
                .withSubject("u-1").withClaim("preferred_username", "alice").withClaim("roles", List.of())
                .withIssuedAt(iat).withExpiresAt(iat.plus(Duration.ofMinutes(10)))
                .withJWTId(java.util.UUID.randomUUID().toString())
                .sign(io.netauth.core.internal.KeyMaterial.signingAlgorithm(keys.activeKey()));
    }
}
