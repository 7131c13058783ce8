package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Browser sessions across server processes on one PostgreSQL database: a session started on one process is
 * known to the other; a sign-out on one, and a password change through the CLI, end it on the other within
 * {@code revocation-sync-interval}; an acknowledged sign-in survives {@code kill -9}.
 */
class SessionTwoProcessIT {

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
        return runners.start("--revocation-sync-interval", SYNC.toSeconds() + "s");
    }

    @Test
    void aSessionIsKnownEverywhereAndEndsEverywhere() throws Exception {
        assertEquals(0, runners.cli(PASSWORD + "\n", "users", "add", "ann", "--password-stdin"));
        RunnerProcess a = start();
        RunnerProcess b = start();

        String first = signIn(a);
        assertEquals(200, verify(b, first).statusCode(), "started on A, known on B");

        // Acknowledged means durable: the 303 that set the cookie outlives a kill -9 of A.
        String second = signIn(a);
        runners.kill(a);
        RunnerProcess c = start();
        assertEquals(200, verify(c, second).statusCode());

        // A sign-out on C ends the session on B too, although B answered it from memory a moment ago.
        assertEquals(200, verify(b, second).statusCode());
        HttpResponse<String> page = c.send(HttpRequest.newBuilder(c.uri("/logout"))
                .header("Cookie", "netauth_session=" + second));
        assertEquals(303, c.send(form(c, "/logout", second, "csrf=" + csrf(page))).statusCode());
        assertTrue(refusedWithin(b, second, SYNC.multipliedBy(3)), "B honours C's sign-out");
        assertEquals(200, verify(b, first).statusCode(), "the other session lives on");

        // A password change by the administrator ends every session of the user on every process.
        assertEquals(0, runners.cli("violet staple kettle\n", "users", "passwd", "ann", "--password-stdin"));
        assertTrue(refusedWithin(b, first, SYNC.multipliedBy(3)), "B ends the session after the change");
        assertEquals(401, verify(c, first).statusCode());
    }

    private static String signIn(RunnerProcess server) throws Exception {
        HttpResponse<String> page = server.send(HttpRequest.newBuilder(server.uri("/login")));
        String pre = cookie(page, "netauth_presession");
        HttpResponse<String> signedIn = server.send(HttpRequest.newBuilder(server.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "netauth_presession=" + pre)
                .POST(HttpRequest.BodyPublishers.ofString("username=ann&password="
                        + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&csrf=" + csrf(page))));
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        return cookie(signedIn, "netauth_session");
    }

    private static HttpRequest.Builder form(RunnerProcess server, String path, String session, String body) {
        return HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "netauth_session=" + session).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpResponse<String> verify(RunnerProcess server, String session) throws Exception {
        return server.send(HttpRequest.newBuilder(server.uri("/auth/verify"))
                .header("Cookie", "netauth_session=" + session));
    }

    private static boolean refusedWithin(RunnerProcess server, String session, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (verify(server, session).statusCode() == 401) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(m.find(), page.body());
        return m.group(1);
    }

    private static String cookie(HttpResponse<String> response, String name) {
        for (String set : response.headers().allValues("set-cookie")) {
            if (set.startsWith(name + "=")) {
                return set.substring(name.length() + 1, set.indexOf(';'));
            }
        }
        throw new AssertionError("no " + name + " cookie in " + response.headers().map());
    }
}
