package io.netauth.server;

import static io.netauth.server.LoginContractTest.assertError;
import static io.netauth.server.LoginContractTest.json;
import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
