package io.netauth.server;

import static io.netauth.server.LoginContractTest.assertError;
import static io.netauth.server.LoginContractTest.json;
import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netauth.core.testing.MutableClock;
import io.netauth.server.testing.RunningServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Refresh with rotation and reuse detection, and logout, through the HTTP API. */
class TokenLifecycleTest {

    private static final MutableClock clock = new MutableClock(Instant.now());
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.builder().clock(clock).start();
        server.addUser("alice", "correct horse", "user");
        server.addUser("bob", "battery staple");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode login(String user, String password) throws Exception {
        HttpResponse<String> r = server.postJson("/auth", loginBody(user, password));
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    private static HttpResponse<String> refresh(String token) {
        return server.postJson("/auth/refresh", "{\"refresh_token\":\"" + token + "\"}");
    }

    private static String refreshed(String token) throws Exception {
        HttpResponse<String> r = refresh(token);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("no-store", r.headers().firstValue("cache-control").orElse(""));
        JsonNode body = json(r);
        assertEquals("Bearer", body.get("token_type").asText());
        assertTrue(body.get("expires_in").asLong() > 0);
        assertEquals(200, server.verify("Bearer " + body.get("token").asText()).statusCode());
        return body.get("refresh_token").asText();
    }

    @Test
    void loginAnswersARefreshTokenThatRotates() throws Exception {
        String first = login("alice", "correct horse").get("refresh_token").asText();
        assertEquals(43, first.length());
        String second = refreshed(first);
        assertNotEquals(first, second);
        refreshed(second);
    }

    @Test
    void aSpentTokenWithinTheGraceIsRefusedButTheFamilyLives() throws Exception {
        String first = login("alice", "correct horse").get("refresh_token").asText();
        String second = refreshed(first);
        clock.advance(Duration.ofSeconds(1));
        assertError(refresh(first), 401, "invalid_token");
        refreshed(second);
    }

    @Test
    void aSpentTokenAfterTheGraceRevokesTheFamily() throws Exception {
        String first = login("alice", "correct horse").get("refresh_token").asText();
        String second = refreshed(first);
        String third = refreshed(second);
        clock.advance(Duration.ofSeconds(3));
        assertError(refresh(first), 401, "invalid_token");
        assertError(refresh(third), 401, "invalid_token");
    }

    @Test
    void concurrentRefreshesOfOneTokenLetExactlyOneThrough() throws Exception {
        String token = login("alice", "correct horse").get("refresh_token").asText();
        List<CompletableFuture<Integer>> racers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            racers.add(CompletableFuture.supplyAsync(() -> refresh(token).statusCode()));
        }
        List<Integer> statuses = racers.stream().map(CompletableFuture::join).toList();
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(5, statuses.stream().filter(s -> s == 401).count(), statuses.toString());
    }

    @Test
    void logoutEndsTheSessionAndAnswers204ForAnyWellFormedBody() throws Exception {
        String token = login("bob", "battery staple").get("refresh_token").asText();
        HttpResponse<String> out = server.postJson("/auth/logout", "{\"refresh_token\":\"" + token + "\"}");
        assertEquals(204, out.statusCode());
        assertEquals("", out.body());
        assertError(refresh(token), 401, "invalid_token");
        assertEquals(204, server.postJson("/auth/logout", "{\"refresh_token\":\"" + "x".repeat(43) + "\"}")
                .statusCode());
        assertEquals(204, server.postJson("/auth/logout", "{\"refresh_token\":\"nonsense\"}").statusCode());
        assertError(server.postJson("/auth/logout", "{\"token\":\"x\"}"), 400, "invalid_request");
        assertError(server.postJson("/auth/logout", "not json"), 400, "invalid_request");
    }

    @Test
    void malformedRefreshRequestsAreInvalidRequests() throws Exception {
        assertError(server.postJson("/auth/refresh", "{}"), 400, "invalid_request");
        assertError(server.postJson("/auth/refresh", "{\"refresh_token\":1}"), 400, "invalid_request");
        assertError(server.postJson("/auth/refresh", "{\"refresh_token\":\"" + "a".repeat(600) + "\"}"), 400,
                "invalid_request");
        assertError(refresh("unknown-token"), 401, "invalid_token");
    }

    @Test
    void idleAndAbsoluteLifetimesApply() throws Exception {
        String idle = login("bob", "battery staple").get("refresh_token").asText();
        clock.advance(Duration.ofDays(7));
        assertError(refresh(idle), 401, "invalid_token");

        String token = login("bob", "battery staple").get("refresh_token").asText();
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofDays(6));
            token = refreshed(token); // each use well within the 7-day idle lifetime
        }
        clock.advance(Duration.ofDays(6)); // still within idle, but 30 days after the login: the absolute end
        assertError(refresh(token), 401, "invalid_token");
    }

    @Test
    void passwordChangeAndDisablingEndRefreshes() throws Exception {
        server.addUser("carol", "first password");
        String token = login("carol", "first password").get("refresh_token").asText();
        server.database().userDirectory().setPasswordHash("carol",
                RunningServer.FAST_HASHER.hash("second password"));
        assertError(refresh(token), 401, "invalid_token");

        String again = login("carol", "second password").get("refresh_token").asText();
        server.database().userDirectory().setEnabled("carol", false);
        assertError(refresh(again), 401, "invalid_token");
    }
}
