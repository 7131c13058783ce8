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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two server processes on one PostgreSQL database, and the commands as a third: a user disabled, a role taken away
 * or a client removed on one process (or by a command) makes every other process refuse the access tokens issued
 * before, within {@code revocation-sync-interval}, although the token was issued and cached there; a demoted admin
 * loses the admin API on every process. The last admin is kept unless the command is told {@code --yes}.
 */
class RevocationTwoProcessIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SYNC = Duration.ofSeconds(1);
    private static final String PASSWORD = "correct horse battery";

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

    private void addUser(String name, String roles) throws Exception {
        assertEquals(0, runners.cli(PASSWORD + "\n", "users", "add", name, "--roles", roles, "--password-stdin"));
    }

    @Test
    void disablesDemotionsAndClientRemovalsReachTheOtherProcessWithinTheSyncInterval() throws Exception {
        addUser("root", "admin");
        addUser("bob", "user");
        addUser("carol", "admin");
        addUser("dave", "user");
        RunnerProcess a = start();
        RunnerProcess b = start();
        String root = token(a, "root");

        // A user disabled on A: B refuses the token B issued and has verified (and cached) already.
        String bob = token(b, "bob");
        assertEquals(200, verify(b, bob).statusCode());
        assertEquals(204, admin(a, root, "POST", "/admin/users/bob/disable", null).statusCode());
        assertEquals(401, verify(a, bob).statusCode(), "at once on the process that disabled bob");
        assertTrue(refusedWithin(b, bob), "B honours A's disable");

        // A role taken away on A: B refuses carol's token, and carol's admin API calls on B, within the interval.
        String carol = token(b, "carol");
        assertEquals(200, admin(b, carol, "GET", "/admin/clients", null).statusCode());
        assertEquals(204, admin(a, root, "PUT", "/admin/users/carol/roles", "{\"roles\":[]}").statusCode());
        assertTrue(refusedWithin(b, carol), "B honours A's demotion");
        assertEquals(401, admin(b, carol, "POST", "/admin/users", "{\"username\":\"backdoor\",\"password\":\""
                + PASSWORD + "\",\"roles\":[\"admin\"]}").statusCode());

        // A client removed on A: B refuses the token it issued to the client.
        HttpResponse<String> added = admin(a, root, "POST", "/admin/clients", "{\"name\":\"svc\"}");
        assertEquals(201, added.statusCode(), added.body());
        String basic = basic(json(added).get("client_id").asText(), json(added).get("client_secret").asText());
        String svc = json(clientCredentials(b, basic)).get("access_token").asText();
        assertEquals(200, verify(b, svc).statusCode());
        assertEquals(204, admin(a, root, "DELETE", "/admin/clients/svc", null).statusCode());
        assertTrue(refusedWithin(b, svc), "B honours A's removal of the client");

        // The commands are a process of their own: a disable and a client's removal reach both servers.
        String dave = token(a, "dave");
        assertEquals(0, runners.cli("", "users", "disable", "dave"));
        assertTrue(refusedWithin(a, dave) && refusedWithin(b, dave), "both servers honour the command's disable");
        RunnerProcess.Cli client = runners.run("", "clients", "add", "jobs");
        assertEquals(0, client.exit(), client.output());
        String jobs = json(clientCredentials(a, basic(field(client.output(), "client_id"),
                field(client.output(), "client_secret")))).get("access_token").asText();
        assertEquals(0, runners.cli("", "clients", "remove", "jobs"));
        assertTrue(refusedWithin(a, jobs) && refusedWithin(b, jobs), "both servers honour the command's removal");

        // root is the last enabled admin now: the API refuses, the command asks for --yes.
        assertEquals(409, admin(b, root, "POST", "/admin/users/root/disable", null).statusCode());
        RunnerProcess.Cli refused = runners.run("", "users", "disable", "root");
        assertEquals(2, refused.exit(), refused.output());
        assertTrue(refused.output().contains("last enabled account with the role admin"), refused.output());
        assertEquals(200, admin(b, root, "GET", "/admin/clients", null).statusCode(), "nothing changed");
        assertEquals(0, runners.cli("", "users", "disable", "root", "--yes"));
        assertTrue(refusedWithin(b, root), "confirmed, the last admin is disabled too");
    }

    private static boolean refusedWithin(RunnerProcess server, String token) throws Exception {
        long deadline = System.nanoTime() + SYNC.multipliedBy(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (verify(server, token).statusCode() == 401) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static String token(RunnerProcess server, String user) throws Exception {
        HttpResponse<String> login = server.login(user, PASSWORD);
        assertEquals(200, login.statusCode(), login.body());
        return json(login).get("token").asText();
    }

    private static HttpResponse<String> admin(RunnerProcess server, String token, String method, String path,
            String body) throws Exception {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> clientCredentials(RunnerProcess server, String basic) throws Exception {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/oauth2/token"))
                .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        assertEquals(200, r.statusCode(), r.body());
        return r;
    }

    private static HttpResponse<String> verify(RunnerProcess server, String token) throws Exception {
        return server.send(HttpRequest.newBuilder(server.uri("/auth/verify"))
                .header("Authorization", "Bearer " + token));
    }

    private static String field(String output, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ": (\\S+)$").matcher(output);
        assertTrue(m.find(), output);
        return m.group(1);
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
