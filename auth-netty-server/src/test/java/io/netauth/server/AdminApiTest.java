package io.netauth.server;

import static io.netauth.server.LoginContractTest.assertError;
import static io.netauth.server.LoginContractTest.json;
import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.JsonNode;
import io.netauth.server.testing.LogCapture;
import io.netauth.server.testing.RunningServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The admin API through the HTTP API, with real tokens. */
class AdminApiTest {

    private static HttpResponse<String> call(RunningServer s, String method, String path, String token, String body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(s.uri(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return s.send(r.build());
    }

    private static String token(RunningServer s, String user, String password) throws Exception {
        HttpResponse<String> r = s.postJson("/auth", loginBody(user, password));
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("token").asText();
    }

    @Test
    void anAdminManagesUsersAndEveryChangeIsAudited() throws Exception {
        try (RunningServer s = RunningServer.builder().config(b -> b.adminApi(true, "admin")).start(); LogCapture logs = LogCapture.start()) {
            s.addUser("root", "root password", "admin");
            s.addUser("bob", "bob password", "user");
            String admin = token(s, "root", "root password");

            HttpResponse<String> created = call(s, "POST", "/admin/users", admin,
                    "{\"username\":\"Carol\",\"password\":\"carol password\",\"roles\":[\"ops\"]}");
            assertEquals(201, created.statusCode(), created.body());
            JsonNode user = json(created);
            assertEquals("Carol", user.get("username").asText());
            assertEquals("ops", user.get("roles").get(0).asText());
            assertTrue(user.get("enabled").asBoolean());
            JsonNode grant = json(s.postJson("/auth", loginBody("carol", "carol password")));

            assertError(call(s, "POST", "/admin/users", admin,
                    "{\"username\":\"CAROL\",\"password\":\"another password\"}"), 409, "conflict");
            assertError(call(s, "POST", "/admin/users", admin,
                    "{\"username\":\"dan\",\"password\":\"dan password\",\"roles\":[\"bad role\"]}"), 400,
                    "invalid_request");
            assertError(call(s, "POST", "/admin/users", admin,
                    "{\"username\":\"dan\",\"password\":\"dan password\",\"roles\":[[\"x\"]]}"), 400,
                    "invalid_request");

            assertEquals(204, call(s, "POST", "/admin/users/carol/disable", admin, null).statusCode());
            assertError(s.postJson("/auth", loginBody("carol", "carol password")), 401, "invalid_credentials");
            assertEquals(204, call(s, "POST", "/admin/users/carol/enable", admin, null).statusCode());

            assertEquals(204, call(s, "PUT", "/admin/users/carol/roles", admin, "{\"roles\":[\"ops\",\"audit\"]}")
                    .statusCode());
            assertEquals(List.of("ops", "audit"), JWT.decode(token(s, "carol", "carol password")).getClaim("roles")
                    .asList(String.class));

            // The email of the OpenID Connect email scope: set, refused when it is not an address, removed.
            assertEquals(204, call(s, "PUT", "/admin/users/carol/email", admin,
                    "{\"email\":\"carol@example.test\",\"email_verified\":true}").statusCode());
            String carolId = user.get("id").asText();
            io.netauth.core.oidc.Profile profile = s.database().oidcStore().profile(carolId).orElseThrow();
            assertEquals("carol@example.test", profile.email());
            assertTrue(profile.emailVerified());
            assertError(call(s, "PUT", "/admin/users/carol/email", admin, "{\"email\":\"not an address\"}"), 400,
                    "invalid_request");
            assertError(call(s, "PUT", "/admin/users/carol/email", admin,
                    "{\"email\":\"c@example.test\",\"email_verified\":\"yes\"}"), 400, "invalid_request");
            assertEquals(204, call(s, "PUT", "/admin/users/carol/email", admin, "{}").statusCode());
            assertEquals(null, s.database().oidcStore().profile(carolId).orElseThrow().email());

            assertEquals(204, call(s, "POST", "/admin/users/carol/password", admin,
                    "{\"password\":\"new carol password\"}").statusCode());
            assertError(s.postJson("/auth", loginBody("carol", "carol password")), 401, "invalid_credentials");
            token(s, "carol", "new carol password");
            assertError(s.postJson("/auth/refresh", "{\"refresh_token\":\"" + grant.get("refresh_token").asText()
                    + "\"}"), 401, "invalid_token");

            assertEquals(204, call(s, "DELETE", "/admin/users/carol", admin, null).statusCode());
            assertError(s.postJson("/auth", loginBody("carol", "new carol password")), 401, "invalid_credentials");
            assertError(call(s, "DELETE", "/admin/users/carol", admin, null), 404, "not_found");
            assertError(call(s, "POST", "/admin/users/nobody/disable", admin, null), 404, "not_found");

            HttpResponse<String> wrongMethod = call(s, "GET", "/admin/users/bob/disable", admin, null);
            assertError(wrongMethod, 405, "method_not_allowed");
            assertEquals("POST", wrongMethod.headers().firstValue("allow").orElse(""));

            String text = logs.text();
            for (String action : List.of("create", "disable", "enable", "set_roles [ops, audit]", "set_email verified=true",
                    "reset_password",
                    "delete")) {
                assertTrue(text.contains("admin action=" + action + " user=\""), action + ": " + text);
            }
            assertTrue(text.contains(" by=" + JWT.decode(admin).getSubject() + " (root)"), text);
            assertTrue(!text.contains("carol password"), "no password in the audit");
        }
    }

    @Test
    void tooManyRolesAreABadRequestNamingTheLimitNotAnOutage() throws Exception {
        try (RunningServer s = RunningServer.builder().config(b -> b.adminApi(true, "admin")).start()) {
            s.addUser("root", "root password", "admin");
            s.addUser("bob", "bob password", "user");
            String admin = token(s, "root", "root password");
            StringBuilder roles = new StringBuilder("[");
            for (int i = 0; i < 500; i++) {
                roles.append(i == 0 ? "" : ",").append("\"r").append(i).append('"');
            }
            roles.append(']');
            for (HttpResponse<String> refused : List.of(
                    call(s, "POST", "/admin/users", admin, "{\"username\":\"dan\",\"password\":\"dan password\","
                            + "\"roles\":" + roles + "}"),
                    call(s, "PUT", "/admin/users/bob/roles", admin, "{\"roles\":" + roles + "}"))) {
                assertError(refused, 400, "invalid_request");
                assertTrue(refused.body().contains("roles: 500 roles (expected: at most 32"), refused.body());
                assertTrue(refused.headers().firstValue("retry-after").isEmpty(), "nothing to retry");
            }
            assertEquals(401, s.postJson("/auth", loginBody("dan", "dan password")).statusCode(), "nothing was made");
        }
    }

    @Test
    void theAdminApiNeedsAValidTokenWithTheAdminRole() throws Exception {
        try (RunningServer s = RunningServer.builder().config(b -> b.adminApi(true, "admin")).start()) {
            s.addUser("bob", "bob password", "user");
            assertError(call(s, "POST", "/admin/users/bob/disable", null, null), 401, "invalid_token");
            assertError(call(s, "POST", "/admin/users/bob/disable", "garbage", null), 401, "invalid_token");
            assertError(call(s, "POST", "/admin/users/bob/disable", token(s, "bob", "bob password"), null), 403,
                    "forbidden");
            assertEquals(200, s.postJson("/auth", loginBody("bob", "bob password")).statusCode(), "bob untouched");
        }
    }

    @Test
    void theAdminApiIsOffByDefault() throws Exception {
        try (RunningServer s = RunningServer.start()) {
            s.addUser("root", "root password", "admin");
            assertError(call(s, "POST", "/admin/users", token(s, "root", "root password"),
                    "{\"username\":\"x\",\"password\":\"long enough\"}"), 404, "not_found");
        }
    }
}
