package io.netauth.server;

import static io.netauth.server.LoginContractTest.json;
import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.config.Settings;
import io.netauth.server.testing.RunningServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Nobody becomes someone else through a name that looks the same: the username profile (RFC 8265 with UTS #39)
 * at every door that makes an account, and {@code X-Auth-*} values that a proxy passes exactly as meant, through
 * a real server and client.
 */
class UsernameSpoofingTest {

    private static final Settings REGISTRATION = Settings.builder().setAll(RunningServer.UNTHROTTLED)
            .set(ServerSettings.SELF_REGISTRATION, true).build();

    private static RunningServer start() {
        return RunningServer.builder().config(b -> b.settings(REGISTRATION).adminApi(true, "admin")).start();
    }

    private static HttpResponse<String> get(RunningServer s, String path, String token) {
        return s.send(HttpRequest.newBuilder(s.uri(path)).header("Authorization", "Bearer " + token).GET().build());
    }

    private static HttpResponse<String> adminCreate(RunningServer s, String token, String username) {
        return s.send(HttpRequest.newBuilder(s.uri("/admin/users")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username
                        + "\",\"password\":\"violet staple kettle\"}")).build());
    }

    private static String token(RunningServer s, String user, String password) throws Exception {
        HttpResponse<String> r = s.postJson("/auth", loginBody(user, password));
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("token").asText();
    }

    /** RFC 9110 section 5.5: a proxy trims "alice " to "alice", so that name must never be a second account. */
    @Test
    void trailingSpaceUsernameIsRefusedByRegistrationAndTheAdminApi() throws Exception {
        try (RunningServer s = start()) {
            s.addUser("alice", "alice password");
            s.addUser("root", "root password", "admin");
            HttpResponse<String> registered = s.postJson("/auth/register", loginBody("alice ", "violet staple kettle"));
            LoginContractTest.assertError(registered, 400, "invalid_request");
            assertTrue(json(registered).get("message").asText().contains("spaces are not allowed"),
                    registered.body());
            LoginContractTest.assertError(s.postJson("/auth/register", loginBody(" alice", "violet staple kettle")),
                    400, "invalid_request");
            LoginContractTest.assertError(adminCreate(s, token(s, "root", "root password"), "alice "), 400,
                    "invalid_request");
            assertEquals(1, s.database().userDirectory().listUsers().stream()
                    .filter(u -> u.username().strip().equals("alice")).count());
        }
    }

    /** UTS #39 section 5.2 (mixed scripts) and section 4 (a whole-script lookalike with alice's skeleton). */
    @Test
    void cyrillicLookalikeOfAnExistingUserIsRefused() throws Exception {
        try (RunningServer s = start()) {
            s.addUser("alice", "alice password");
            s.addUser("root", "root password", "admin");
            LoginContractTest.assertError(s.postJson("/auth/register", loginBody("ali\u0441e",
                    "violet staple kettle")), 400, "invalid_request");
            LoginContractTest.assertError(s.postJson("/auth/register", loginBody("\u0430\u04CF\u0456\u0441\u0435",
                    "violet staple kettle")), 409, "conflict");
            LoginContractTest.assertError(adminCreate(s, token(s, "root", "root password"), "ALICE"), 409,
                    "conflict");
            assertEquals(201, s.postJson("/auth/register", loginBody("\u0430\u043D\u044F", "violet staple kettle"))
                    .statusCode(), "a Cyrillic name unlike any other is welcome");
        }
    }

    /** A leading space made Netty refuse the header: a 500 where the README promises 200 or 401. */
    @Test
    void leadingSpaceLegacyAccountGets200FromVerifyAndForwardNever500() throws Exception {
        try (RunningServer s = start()) {
            s.addLegacyUser(" logamp", "logamp password", "user");
            s.addLegacyUser("alice ", "alice password");
            String logamp = token(s, " logamp", "logamp password");
            for (String path : new String[] {"/auth/verify", "/auth/forward"}) {
                HttpResponse<String> r = get(s, path, logamp);
                assertEquals(200, r.statusCode(), path + ": " + r.body());
                assertEquals("%20logamp", r.headers().firstValue("x-auth-username").orElseThrow());
                assertEquals(" logamp", json(r).get("preferred_username").asText());
            }
            HttpResponse<String> alice = s.verify("Bearer " + token(s, "alice ", "alice password"));
            assertEquals(200, alice.statusCode(), alice.body());
            assertEquals("alice%20", alice.headers().firstValue("x-auth-username").orElseThrow(),
                    "no proxy can trim it into alice");
        }
    }
}
