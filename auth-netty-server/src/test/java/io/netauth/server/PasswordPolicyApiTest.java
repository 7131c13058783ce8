package io.netauth.server;

import static io.netauth.server.LoginContractTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netauth.server.testing.RunningServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The password policy on the admin API: 400 weak_password with a reason, and nothing created or changed. */
class PasswordPolicyApiTest {

    @Test
    void theAdminApiRefusesWeakPasswordsWithAReason() throws Exception {
        try (RunningServer server = RunningServer.builder().config(b -> b.adminApi(true, "admin")).start()) {
            server.addUser("root", "correct horse", "admin");
            String admin = json(server.postJson("/auth", RunningServer.loginBody("root", "correct horse")))
                    .get("token").asText();
            for (String[] weak : new String[][] {{"password1", "most common"}, {"short", "too short"},
                {"Carol-Smith", "username"}}) {
                HttpResponse<String> r = admin(server, admin, "/admin/users",
                        "{\"username\":\"carol-smith\",\"password\":\"" + weak[0] + "\"}");
                assertEquals(400, r.statusCode(), r.body());
                JsonNode body = json(r);
                assertEquals("weak_password", body.get("error").asText());
                assertTrue(body.get("message").asText().contains(weak[1]), body.get("message").asText());
                if (weak[0].length() >= 8) {
                    assertTrue(!body.get("message").asText().contains(weak[0]), "the password is not echoed");
                }
            }
            assertTrue(server.database().credentialStore().findByUsername("carol-smith").isEmpty(), "not created");
            assertEquals(201, admin(server, admin, "/admin/users",
                    "{\"username\":\"carol-smith\",\"password\":\"violet staple kettle\"}").statusCode());
            HttpResponse<String> reset = admin(server, admin, "/admin/users/carol-smith/password",
                    "{\"password\":\"iloveyou\"}");
            assertEquals(400, reset.statusCode());
            assertEquals("weak_password", json(reset).get("error").asText());
            assertEquals(200, server.postJson("/auth", RunningServer.loginBody("carol-smith", "violet staple kettle"))
                    .statusCode(), "the refused reset changed nothing");
        }
    }

    private static HttpResponse<String> admin(RunningServer server, String token, String path, String body) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
