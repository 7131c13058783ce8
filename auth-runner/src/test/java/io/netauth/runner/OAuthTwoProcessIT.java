package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two server processes on one PostgreSQL database: what one does with clients and revocations, the other
 * honours within {@code revocation-sync-interval}, and a revocation survives a {@code kill -9} of the process
 * that acknowledged it.
 */
class OAuthTwoProcessIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SYNC = Duration.ofSeconds(1);

    private PostgresRunners runners;

    @BeforeEach
    void database() {
        runners = new PostgresRunners();
    }

    @AfterEach
    void stop() throws Exception {
        runners.close();
    }

    private RunnerProcess start() throws Exception {
        return runners.start("--admin-api", "true", "--revocation-sync-interval", SYNC.toSeconds() + "s");
    }

    @Test
    void clientsAndRevocationsReachTheOtherProcessWithinTheSyncInterval() throws Exception {
        assertEquals(0, runners.cli("correct horse battery\n", "users", "add", "root", "--roles", "admin",
                "--password-stdin"));
        RunnerProcess a = start();
        RunnerProcess b = start();
        String admin = json(a.login("root", "correct horse battery")).get("token").asText();

        // A client added on A authenticates on B.
        HttpResponse<String> added = a.send(HttpRequest.newBuilder(a.uri("/admin/clients"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"svc\",\"scopes\":[\"jobs\"]}")));
        assertEquals(201, added.statusCode(), added.body());
        String basic = basic(json(added).get("client_id").asText(), json(added).get("client_secret").asText());
        HttpResponse<String> granted = token(b, basic);
        assertEquals(200, granted.statusCode(), granted.body());
        String accessToken = json(granted).get("access_token").asText();
        assertEquals(200, verify(b, accessToken).statusCode());

        // Revoked on A: B's /auth/verify refuses it within the interval.
        assertEquals(200, a.send(HttpRequest.newBuilder(a.uri("/oauth2/revoke"))
                .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + accessToken))).statusCode());
        assertEquals(401, verify(a, accessToken).statusCode(), "at once on the process that revoked it");
        assertTrue(refusedWithin(b, accessToken, SYNC.multipliedBy(3)), "B honours A's revocation");

        // The acknowledged revocation survives a kill -9 of A: a new process refuses the token from its start.
        runners.kill(a);
        RunnerProcess c = start();
        assertEquals(401, verify(c, accessToken).statusCode());

        // A client disabled through C stops authenticating on B within the interval, although B cached it.
        String adminOnC = json(c.login("root", "correct horse battery")).get("token").asText();
        assertEquals(200, token(b, basic).statusCode());
        assertEquals(204, c.send(HttpRequest.newBuilder(c.uri("/admin/clients/svc/disable"))
                .header("Authorization", "Bearer " + adminOnC).POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        long deadline = System.nanoTime() + SYNC.multipliedBy(3).toNanos();
        int status = 200;
        while (status == 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = token(b, basic).statusCode();
        }
        assertEquals(401, status, "B drops its cached client when C disables it");
    }

    private static boolean refusedWithin(RunnerProcess server, String token, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (verify(server, token).statusCode() == 401) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static HttpResponse<String> token(RunnerProcess server, String basic) throws Exception {
        return server.send(HttpRequest.newBuilder(server.uri("/oauth2/token")).header("Authorization", basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
    }

    private static HttpResponse<String> verify(RunnerProcess server, String token) throws Exception {
        return server.send(HttpRequest.newBuilder(server.uri("/auth/verify")).header("Authorization", "Bearer " + token));
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
