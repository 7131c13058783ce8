package io.netauth.server;

import static io.netauth.server.LoginContractTest.assertError;
import static io.netauth.server.LoginContractTest.json;
import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netauth.core.client.ClientRegistry;
import io.netauth.core.client.ClientSpec;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import io.netauth.server.testing.LogCapture;
import io.netauth.server.testing.RunningServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A demoted, disabled or deleted admin keeps nothing of the admin API, and a disabled, deleted or demoted user's
 * access tokens stop passing verification: the admin API checks each request against the account as it is now, and
 * those changes revoke the account's tokens through the denylist that RFC 7009 revocation uses. The last enabled
 * admin cannot be demoted, disabled or deleted through the API.
 */
class FormerAdminTest {

    private static final String ROOT_PASSWORD = "root password";
    private static final String ADMIN2_PASSWORD = "admin2 password";

    private static RunningServer start() {
        return RunningServer.builder().config(b -> b.adminApi(true, "admin")).start();
    }

    static HttpResponse<String> call(RunningServer s, String method, String path, String token, String body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(s.uri(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return s.send(r.build());
    }

    static JsonNode login(RunningServer s, String user, String password) throws Exception {
        HttpResponse<String> r = s.postJson("/auth", loginBody(user, password));
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    static String token(RunningServer s, String user, String password) throws Exception {
        return login(s, user, password).get("token").asText();
    }

    /** root, and admin2 made by root through the API, signed in: answers [root's token, admin2's token]. */
    private static String[] twoAdmins(RunningServer s) throws Exception {
        s.addUser("root", ROOT_PASSWORD, "admin");
        String root = token(s, "root", ROOT_PASSWORD);
        assertEquals(201, call(s, "POST", "/admin/users", root, "{\"username\":\"admin2\",\"password\":\""
                + ADMIN2_PASSWORD + "\",\"roles\":[\"admin\"]}").statusCode());
        String admin2 = token(s, "admin2", ADMIN2_PASSWORD);
        assertEquals(200, call(s, "GET", "/admin/clients", admin2, null).statusCode(), "admin2 is an admin");
        return new String[] {root, admin2};
    }

    /** What admin2's old token tried in the attack: a backdoor admin, and root disabled. */
    private static void assertLockedOut(RunningServer s, String formerAdmin) throws Exception {
        assertError(call(s, "POST", "/admin/users", formerAdmin,
                "{\"username\":\"backdoor\",\"password\":\"backdoor password\",\"roles\":[\"admin\"]}"), 401,
                "invalid_token");
        assertError(call(s, "POST", "/admin/users/root/disable", formerAdmin, null), 401, "invalid_token");
        assertError(call(s, "GET", "/admin/clients", formerAdmin, null), 401, "invalid_token");
        assertTrue(s.database().userDirectory().findAccount("backdoor").isEmpty(), "no backdoor account");
        assertTrue(s.database().userDirectory().findAccount("root").orElseThrow().enabled(), "root untouched");
    }

    @Test
    void demotedAdminTokenIsRefusedByAdminApi() throws Exception {
        try (RunningServer s = start()) {
            String[] tokens = twoAdmins(s);
            assertEquals(204, call(s, "PUT", "/admin/users/admin2/roles", tokens[0], "{\"roles\":[]}").statusCode());
            assertLockedOut(s, tokens[1]);
            assertEquals(401, s.verify("Bearer " + tokens[1]).statusCode(), "the demoted token is revoked");
        }
    }

    @Test
    void disabledAdminCannotCreateUsers() throws Exception {
        try (RunningServer s = start()) {
            String[] tokens = twoAdmins(s);
            assertEquals(204, call(s, "POST", "/admin/users/admin2/disable", tokens[0], null).statusCode());
            assertLockedOut(s, tokens[1]);
        }
    }

    @Test
    void deletedAdminCannotListClients() throws Exception {
        try (RunningServer s = start()) {
            String[] tokens = twoAdmins(s);
            assertEquals(200, call(s, "GET", "/admin/clients", tokens[1], null).statusCode());
            assertEquals(204, call(s, "DELETE", "/admin/users/admin2", tokens[0], null).statusCode());
            assertLockedOut(s, tokens[1]);
            assertEquals(200, call(s, "GET", "/admin/clients", tokens[0], null).statusCode(), "root still can");
        }
    }

    /**
     * The check reads the account, not only the token: a role taken away behind the server's back (no change
     * recorded, so no token revoked) still ends the admin API for the token once the cached account is read again.
     */
    @Test
    void adminApiChecksTheAccountsCurrentRolesNotTheTokens() throws Exception {
        Duration sync = Duration.ofMillis(200);
        try (RunningServer s = RunningServer.builder().config(b -> b.adminApi(true, "admin")
                .settings(Settings.builder().setAll(RunningServer.UNTHROTTLED)
                        .set(CoreSettings.REVOCATION_SYNC_INTERVAL, sync).build())).start()) {
            String[] tokens = twoAdmins(s);
            assertEquals(200, call(s, "GET", "/admin/clients", tokens[1], null).statusCode());
            try (Connection c = s.database().dataSource().getConnection();
                    PreparedStatement update = c.prepareStatement(
                            "UPDATE auth_users SET roles = '' WHERE normalized_username = 'admin2'")) {
                update.executeUpdate();
            }
            Thread.sleep(sync.multipliedBy(3).toMillis());
            assertEquals(200, s.verify("Bearer " + tokens[1]).statusCode(), "the token itself is not revoked");
            assertError(call(s, "POST", "/admin/users", tokens[1],
                    "{\"username\":\"backdoor\",\"password\":\"backdoor password\",\"roles\":[\"admin\"]}"), 403,
                    "forbidden");
            assertError(call(s, "GET", "/admin/clients", tokens[1], null), 403, "forbidden");
        }
    }

    @Test
    void lastAdminCannotBeDemotedDisabledOrDeleted() throws Exception {
        try (RunningServer s = start(); LogCapture logs = LogCapture.start()) {
            String[] tokens = twoAdmins(s);
            String root = tokens[0];
            assertEquals(204, call(s, "POST", "/admin/users/admin2/disable", root, null).statusCode(),
                    "another enabled admin remains");
            HttpResponse<String> demote = call(s, "PUT", "/admin/users/root/roles", root, "{\"roles\":[\"ops\"]}");
            assertError(demote, 409, "conflict");
            assertTrue(json(demote).get("message").asText().contains("last enabled account with the role admin"),
                    demote.body());
            assertError(call(s, "POST", "/admin/users/root/disable", root, null), 409, "conflict");
            assertError(call(s, "DELETE", "/admin/users/root", root, null), 409, "conflict");
            assertTrue(logs.text().contains("admin action=delete refused=last_role_holder user=\"root\""),
                    "the attempt is audited");
            assertEquals(List.of("admin"), s.database().userDirectory().findAccount("root").orElseThrow().roles());
            assertEquals(200, s.verify("Bearer " + root).statusCode(), "a refused change revokes nothing");
            assertEquals(204, call(s, "PUT", "/admin/users/root/roles", root, "{\"roles\":[\"admin\",\"ops\"]}")
                    .statusCode(), "keeping the role is no demotion");
            // With a second enabled admin again, root may go.
            assertEquals(204, call(s, "POST", "/admin/users/admin2/enable", root, null).statusCode());
            assertEquals(204, call(s, "POST", "/admin/users/root/disable", root, null).statusCode());
        }
    }

    /** Two admins disabling each other at the same moment: one wins, the other is refused, one admin remains. */
    @Test
    void lastAdminGuardHoldsAgainstConcurrentRequests() throws Exception {
        try (RunningServer s = start()) {
            String[] tokens = twoAdmins(s);
            List<HttpResponse<String>> answers = RunningServer.concurrently(2, i -> call(s, "POST",
                    "/admin/users/" + (i == 0 ? "admin2" : "root") + "/disable", tokens[i], null));
            long done = answers.stream().filter(r -> r.statusCode() == 204).count();
            assertEquals(1, done, answers.get(0).body() + " / " + answers.get(1).body());
            long enabledAdmins = s.database().userDirectory().listUsers().stream()
                    .filter(u -> u.enabled() && u.roles().contains("admin")).count();
            assertEquals(1, enabledAdmins);
        }
    }

    @Test
    void disabledUsersTokensStopPassingVerifyAndIntrospection() throws Exception {
        try (RunningServer s = start()) {
            s.addUser("root", ROOT_PASSWORD, "admin");
            s.addUser("bob", "bob password", "user");
            String root = token(s, "root", ROOT_PASSWORD);
            JsonNode bob = login(s, "bob", "bob password");
            String bobToken = bob.get("token").asText();
            ClientRegistry.NewClient gateway = s.addClient(new ClientSpec("gateway", Set.of(), List.of(), List.of(),
                    null, null, true));
            String basic = RunningServer.basic(gateway.client().id(), gateway.secret());
            assertEquals(200, s.verify("Bearer " + bobToken).statusCode());
            assertTrue(json(s.postForm("/oauth2/introspect", basic, "token=" + bobToken)).get("active").asBoolean());

            assertEquals(204, call(s, "POST", "/admin/users/bob/disable", root, null).statusCode());
            assertEquals(401, s.verify("Bearer " + bobToken).statusCode());
            assertFalse(json(s.postForm("/oauth2/introspect", basic, "token=" + bobToken)).get("active")
                    .asBoolean());
            assertError(s.postJson("/auth/refresh", "{\"refresh_token\":\""
                    + bob.get("refresh_token").asText() + "\"}"), 401, "invalid_token");

            // Enabled again, bob's new tokens pass; the revocation covers only tokens issued before it.
            assertEquals(204, call(s, "POST", "/admin/users/bob/enable", root, null).statusCode());
            untilTheNextSecond(); // iat has whole seconds: a token of the revocation's second is refused too
            assertEquals(200, s.verify("Bearer " + token(s, "bob", "bob password")).statusCode());
            assertEquals(401, s.verify("Bearer " + bobToken).statusCode(), "the old one stays refused");
        }
    }

    @Test
    void deletedUsersTokensStopPassingVerifyAndIntrospection() throws Exception {
        try (RunningServer s = start()) {
            s.addUser("root", ROOT_PASSWORD, "admin");
            s.addUser("bob", "bob password", "user");
            String root = token(s, "root", ROOT_PASSWORD);
            String bobToken = token(s, "bob", "bob password");
            ClientRegistry.NewClient gateway = s.addClient(new ClientSpec("gateway", Set.of(), List.of(), List.of(),
                    null, null, true));
            String basic = RunningServer.basic(gateway.client().id(), gateway.secret());
            assertEquals(204, call(s, "DELETE", "/admin/users/bob", root, null).statusCode());
            assertEquals(401, s.verify("Bearer " + bobToken).statusCode());
            assertFalse(json(s.postForm("/oauth2/introspect", basic, "token=" + bobToken)).get("active")
                    .asBoolean());
        }
    }

    /** A role taken away revokes the tokens that carry it; the refresh token gives one with the new roles. */
    @Test
    void removedRoleRevokesTheUsersTokensAndARefreshCarriesTheNewRoles() throws Exception {
        try (RunningServer s = start()) {
            s.addUser("root", ROOT_PASSWORD, "admin");
            s.addUser("bob", "bob password", "ops", "audit");
            String root = token(s, "root", ROOT_PASSWORD);
            JsonNode bob = login(s, "bob", "bob password");
            assertEquals(204, call(s, "PUT", "/admin/users/bob/roles", root, "{\"roles\":[\"ops\",\"audit\",\"x\"]}")
                    .statusCode());
            assertEquals(200, s.verify("Bearer " + bob.get("token").asText()).statusCode(),
                    "a role added revokes nothing");
            assertEquals(204, call(s, "PUT", "/admin/users/bob/roles", root, "{\"roles\":[\"ops\"]}").statusCode());
            assertEquals(401, s.verify("Bearer " + bob.get("token").asText()).statusCode());
            untilTheNextSecond();
            HttpResponse<String> refreshed = s.postJson("/auth/refresh", "{\"refresh_token\":\""
                    + bob.get("refresh_token").asText() + "\"}");
            assertEquals(200, refreshed.statusCode(), refreshed.body());
            HttpResponse<String> verified = s.verify("Bearer " + json(refreshed).get("token").asText());
            assertEquals(200, verified.statusCode());
            assertEquals("ops", verified.headers().firstValue("X-Auth-Roles").orElseThrow());
        }
    }

    /** Sleeps into the next whole second of the system clock. */
    static void untilTheNextSecond() throws InterruptedException {
        Thread.sleep(1_000 - System.currentTimeMillis() % 1_000 + 20);
    }
}
