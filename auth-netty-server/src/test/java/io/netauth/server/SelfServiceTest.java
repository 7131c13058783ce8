package io.netauth.server;

import static io.netauth.server.LoginContractTest.json;
import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import io.netauth.server.testing.RunningServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A user changes their own password; anyone registers, when the server allows it. Through a real server. */
class SelfServiceTest {

    private static HttpResponse<String> change(RunningServer server, String token, String current, String fresh) {
        return server.send(HttpRequest.newBuilder(server.uri("/auth/password"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"current_password\":\"" + current
                        + "\",\"new_password\":\"" + fresh + "\"}")).build());
    }

    @Test
    void aUserChangesTheirPasswordAndEverySessionEnds() throws Exception {
        Settings throttled = Settings.builder().setAll(RunningServer.UNTHROTTLED)
                .set(CoreSettings.THROTTLE_ACCOUNT_FREE, 2)
                .set(CoreSettings.THROTTLE_ACCOUNT_BASE_DELAY, Duration.ofMinutes(10))
                .set(CoreSettings.THROTTLE_ACCOUNT_MAX_DELAY, Duration.ofMinutes(10)).build();
        try (RunningServer server = RunningServer.builder().config(b -> b.settings(throttled)).start()) {
            server.addUser("mia", "correct horse");
            JsonNode login = json(server.postJson("/auth", loginBody("mia", "correct horse")));
            String token = login.get("token").asText();
            String oldRefresh = login.get("refresh_token").asText();

            HttpResponse<String> weak = change(server, token, "correct horse", "password1");
            assertEquals(400, weak.statusCode(), weak.body());
            assertEquals("weak_password", json(weak).get("error").asText());
            HttpResponse<String> wrong = change(server, token, "not my password", "violet staple kettle");
            assertEquals(401, wrong.statusCode());
            assertEquals("invalid_credentials", json(wrong).get("error").asText());
            assertEquals(401, change(server, "forged", "correct horse", "violet staple kettle").statusCode());

            HttpResponse<String> changed = change(server, token, "correct horse", "violet staple kettle");
            assertEquals(200, changed.statusCode(), changed.body());
            JsonNode fresh = json(changed);
            assertTrue(fresh.hasNonNull("token") && fresh.hasNonNull("refresh_token"), "fresh tokens");
            assertEquals("no-store", changed.headers().firstValue("cache-control").orElse(""));
            assertEquals(401, server.postJson("/auth/refresh", "{\"refresh_token\":\"" + oldRefresh + "\"}")
                    .statusCode(), "the sessions before the change ended");
            assertEquals(200, server.postJson("/auth/refresh", "{\"refresh_token\":\""
                    + fresh.get("refresh_token").asText() + "\"}").statusCode(), "the new one lives");
            assertEquals(401, server.postJson("/auth", loginBody("mia", "correct horse")).statusCode());
            assertEquals(200, server.postJson("/auth", loginBody("mia", "violet staple kettle")).statusCode());

            // Throttled like a login: wrong current passwords for the account are delayed, then refused at once.
            String now = json(server.postJson("/auth", loginBody("mia", "violet staple kettle"))).get("token").asText();
            change(server, now, "guess one", "another long phrase");
            change(server, now, "guess two", "another long phrase");
            HttpResponse<String> throttledAnswer = change(server, now, "violet staple kettle", "another long phrase");
            assertEquals(429, throttledAnswer.statusCode(), throttledAnswer.body());
            assertEquals("too_many_attempts", json(throttledAnswer).get("error").asText());
        }
    }

    @Test
    void registrationIsOffUnlessConfiguredThenMakesAUserThrottledPerAddress() throws Exception {
        try (RunningServer off = RunningServer.start()) {
            assertEquals(404, off.postJson("/auth/register", loginBody("zoe", "violet staple kettle")).statusCode());
        }
        Settings throttled = Settings.builder().setAll(RunningServer.UNTHROTTLED)
                .set(io.netauth.server.ServerSettings.SELF_REGISTRATION, true)
                .set(CoreSettings.THROTTLE_CLIENT_FREE, 3)
                .set(CoreSettings.THROTTLE_CLIENT_BASE_DELAY, Duration.ofMinutes(10))
                .set(CoreSettings.THROTTLE_CLIENT_MAX_DELAY, Duration.ofMinutes(10)).build();
        try (RunningServer server = RunningServer.builder().config(b -> b.settings(throttled)).start()) {
            HttpResponse<String> made = server.postJson("/auth/register", loginBody("zoe", "violet staple kettle"));
            assertEquals(201, made.statusCode(), made.body());
            assertTrue(json(made).hasNonNull("token") && json(made).hasNonNull("refresh_token"));
            assertEquals(List.of(), server.database().credentialStore().findByUsername("zoe").orElseThrow()
                    .account().roles(), "no roles");
            HttpResponse<String> taken = server.postJson("/auth/register", loginBody("ZOE", "another long phrase"));
            assertEquals(409, taken.statusCode());
            assertEquals("conflict", json(taken).get("error").asText());
            HttpResponse<String> weak = server.postJson("/auth/register", loginBody("yan", "iloveyou"));
            assertEquals(400, weak.statusCode());
            assertEquals("weak_password", json(weak).get("error").asText());
            // Every registration counts against the address: after three, the fourth waits.
            assertEquals(201, server.postJson("/auth/register", loginBody("xia", "violet staple kettle")).statusCode());
            HttpResponse<String> fourth = server.postJson("/auth/register", loginBody("wes", "violet staple kettle"));
            assertEquals(429, fourth.statusCode(), fourth.body());
            assertTrue(server.database().credentialStore().findByUsername("wes").isEmpty());
        }
    }
}
