package io.netauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.server.testing.EchoUpstream;
import io.netauth.server.testing.ProxyProcess;
import io.netauth.server.testing.RunningServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser recipes as they are documented, with the real proxies in front of a real server and an upstream
 * that echoes what it is given: nginx ({@code examples/nginx/browser.conf}: auth_request on /auth/verify, then
 * error_page 401 to the sign-in page) and Caddy ({@code examples/caddy/Caddyfile}: forward_auth on
 * /auth/forward). A browser without a session is sent to sign in and back; with the session cookie, the
 * application sees who it is, and a client cannot forge the identity headers.
 */
class BrowserProxyRecipesTest {

    private static final String PASSWORD = "correct horse battery";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void nginxSendsABrowserToSignInAndPassesTheSession() throws Exception {
        ProxyProcess.requireInstalled(Path.of("/usr/sbin/nginx"), "nginx-light");
        try (RunningServer auth = RunningServer.builder().issuerOnPort().start();
                EchoUpstream app = EchoUpstream.start()) {
            auth.addUser("ann", PASSWORD, "staff");
            int port = ProxyProcess.freePort();
            String config = Files.readString(Path.of("..", "examples", "nginx", "browser.conf"))
                    .replace("127.0.0.1:8080", "127.0.0.1:" + auth.port())
                    .replace("127.0.0.1:9000", "127.0.0.1:" + app.port())
                    .replace("listen 127.0.0.1:8000", "listen 127.0.0.1:" + port);
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, config);
            Files.createDirectories(dir.resolve("logs"));
            try (ProxyProcess nginx = ProxyProcess.start(List.of("/usr/sbin/nginx", "-p", dir.toString(), "-c",
                    conf.toString(), "-e", dir.resolve("logs/error.log").toString(), "-g",
                    "daemon off; pid " + dir.resolve("nginx.pid") + ";"), dir.resolve("nginx.out"), port)) {
                assertRecipe(auth, "http://127.0.0.1:" + port, "/login?rd="
                        + "http://127.0.0.1:" + port + "/reports?q=1");
            }
        }
    }

    @Test
    void caddySendsABrowserToSignInAndPassesTheSession() throws Exception {
        ProxyProcess.requireInstalled(Path.of("/usr/bin/caddy"), "caddy");
        try (RunningServer auth = RunningServer.builder().issuerOnPort().start();
                EchoUpstream app = EchoUpstream.start()) {
            auth.addUser("ann", PASSWORD, "staff");
            int port = ProxyProcess.freePort();
            String config = Files.readString(Path.of("..", "examples", "caddy", "Caddyfile"))
                    .replace("127.0.0.1:8080", "127.0.0.1:" + auth.port())
                    .replace("127.0.0.1:9000", "127.0.0.1:" + app.port())
                    .replace("http://:8000", "http://127.0.0.1:" + port);
            Path caddyfile = dir.resolve("Caddyfile");
            Files.writeString(caddyfile, config);
            try (ProxyProcess caddy = ProxyProcess.start(List.of("/usr/bin/caddy", "run", "--config",
                    caddyfile.toString(), "--adapter", "caddyfile"), dir.resolve("caddy.out"), port)) {
                assertRecipe(auth, "http://127.0.0.1:" + port, "/login?rd=" + URLEncoder.encode(
                        "http://127.0.0.1:" + port + "/reports?q=1", StandardCharsets.UTF_8));
            }
        }
    }

    /** The contract both recipes keep, whichever endpoint they ask. */
    private static void assertRecipe(RunningServer auth, String proxy, String loginPathAndQuery) throws Exception {
        HttpResponse<String> browser = get(proxy + "/reports?q=1", null, "Accept", "text/html,application/xhtml+xml");
        assertEquals(302, browser.statusCode(), browser.body());
        assertEquals(auth.tokens().issuerId() + loginPathAndQuery,
                browser.headers().firstValue("Location").orElse(""));

        String session = signIn(auth);
        HttpResponse<String> signedIn = get(proxy + "/reports?q=1", session, "X-Auth-Username", "mallory",
                "Accept", "text/html");
        assertEquals(200, signedIn.statusCode(), signedIn.body());
        String subject = auth.database().credentialStore().findByUsername("ann").orElseThrow().account().id();
        assertEquals("path=/reports?q=1 subject=" + subject + " username=ann roles=staff amr=pwd", signedIn.body());

        HttpResponse<String> api = get(proxy + "/reports", null, "Accept", "application/json",
                "X-Auth-Username", "mallory");
        assertEquals(401, api.statusCode(), "no cookie, no browser: 401, and the upstream is not reached");
    }

    /** A sign-in through the form; answers the session cookie's value. */
    private static String signIn(RunningServer auth) throws Exception {
        HttpResponse<String> page = get(auth.uri("/login").toString(), null);
        String pre = cookie(page, "netauth_presession");
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(csrf.find());
        HttpResponse<String> signedIn = HTTP.send(HttpRequest.newBuilder(auth.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "netauth_presession=" + pre)
                .POST(HttpRequest.BodyPublishers.ofString("username=ann&password="
                        + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&csrf=" + csrf.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        return cookie(signedIn, "netauth_session");
    }

    private static String cookie(HttpResponse<String> response, String name) {
        for (String set : response.headers().allValues("set-cookie")) {
            if (set.startsWith(name + "=")) {
                return set.substring(name.length() + 1, set.indexOf(';'));
            }
        }
        throw new AssertionError("no " + name + " cookie in " + response.headers().map());
    }

    private static HttpResponse<String> get(String url, String session, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (session != null) {
            request.header("Cookie", "netauth_session=" + session);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
