package io.netauth.server;

import static io.netauth.server.LoginContractTest.json;
import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netauth.core.client.ClientRegistry;
import io.netauth.core.client.ClientSpec;
import io.netauth.server.testing.ProxyProcess;
import io.netauth.server.testing.RawHttp;
import io.netauth.server.testing.RunningServer;
import io.netauth.server.testing.WsgiUpstream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy recipes let no client forge the identity headers. Each recipe runs as documented, with the real proxy
 * (Debian's nginx and Caddy) between a real server and a real WSGI application (Python's wsgiref, which folds
 * {@code X_Auth_Roles}, {@code x-auth-roles} and {@code X-Auth-Roles} into one {@code HTTP_X_AUTH_ROLES}, as
 * CGI and PHP do). A client with a valid user's or client's token sends every header netauth sets in several
 * spellings (case, {@code -} and {@code _}); the application must see exactly what {@code /auth/verify} (or
 * {@code /auth/forward}) answered, and nothing the client sent. RFC 9110 §5.1 makes field names
 * case-insensitive; CGI (RFC 3875 §4.1.18) maps {@code -} to {@code _}, which is what makes the underscore
 * spellings dangerous.
 */
class ForgedIdentityHeadersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";

    /** Every name netauth sets, in the spellings a client might try. */
    private static final List<String> FORGED = List.of(
            "X-Auth-Roles: forged-roles", "x-auth-roles: forged-roles-2", "X_Auth_Roles: admin",
            "X-AUTH_ROLES: forged-roles-3", "x_auth-roles: forged-roles-4",
            "X_Auth_Username: root", "X-Auth-Username: forged-user",
            "X-AUTH-SUBJECT: forged-subject", "X_Auth_Subject: forged-subject-2",
            "X-Auth-AMR: pwd,otp", "X_AUTH_AMR: otp",
            "X-Auth-Client: forged-client", "x_auth_client: forged-client-2",
            "X-Auth-Scopes: forged:all", "X_Auth-Scopes: forged:all-2",
            "X_Auth_Email: forged@example.com");
    /** Hyphenated names netauth never sets: stock nginx cannot drop them by prefix (its recipe says so). */
    private static final List<String> FORGED_OTHER_NAMES = List.of("X-Auth-Email: forged@example.com",
            "x-auth-admin: forged");

    @TempDir
    Path dir;

    @Test
    void nginxRecipeStripsForgedIdentityHeaders() throws Exception {
        ProxyProcess.requireInstalled(Path.of("/usr/sbin/nginx"), "nginx-light");
        try (RunningServer auth = RunningServer.builder().issuerOnPort().start();
                WsgiUpstream app = WsgiUpstream.start(dir)) {
            int port = ProxyProcess.freePort();
            try (ProxyProcess nginx = nginx(Path.of("..", "examples", "nginx", "nginx.conf"), auth, app, port)) {
                assertNoForgeryPasses(auth, port, "/auth/verify", FORGED);
            }
        }
    }

    @Test
    void nginxBrowserRecipeStripsForgedIdentityHeaders() throws Exception {
        ProxyProcess.requireInstalled(Path.of("/usr/sbin/nginx"), "nginx-light");
        try (RunningServer auth = RunningServer.builder().issuerOnPort().start();
                WsgiUpstream app = WsgiUpstream.start(dir)) {
            int port = ProxyProcess.freePort();
            try (ProxyProcess nginx = nginx(Path.of("..", "examples", "nginx", "browser.conf"), auth, app, port)) {
                assertNoForgeryPasses(auth, port, "/auth/verify", FORGED);
            }
        }
    }

    @Test
    void caddyRecipeStripsForgedUnderscoreHeaders() throws Exception {
        ProxyProcess.requireInstalled(Path.of("/usr/bin/caddy"), "caddy");
        try (RunningServer auth = RunningServer.builder().issuerOnPort().start();
                WsgiUpstream app = WsgiUpstream.start(dir)) {
            int port = ProxyProcess.freePort();
            try (ProxyProcess caddy = caddy(auth, app, port)) {
                List<String> forged = new ArrayList<>(FORGED);
                forged.addAll(FORGED_OTHER_NAMES);
                assertNoForgeryPasses(auth, port, "/auth/forward", forged);
            }
        }
    }

    /**
     * Caddy's forward_auth passes the client's query to the check unless its {@code uri} has one of its own: the
     * recipe's {@code /auth/forward?} keeps a client from adding {@code audience} or {@code amr} to it.
     */
    @Test
    void caddyRecipeKeepsTheClientsQueryFromTheCheck() throws Exception {
        ProxyProcess.requireInstalled(Path.of("/usr/bin/caddy"), "caddy");
        try (RunningServer auth = RunningServer.builder().issuerOnPort().start();
                WsgiUpstream app = WsgiUpstream.start(dir)) {
            auth.addUser("ann", PASSWORD, "staff");
            String token = json(auth.postJson("/auth", loginBody("ann", PASSWORD))).get("token").asText();
            int port = ProxyProcess.freePort();
            try (ProxyProcess caddy = caddy(auth, app, port)) {
                RawHttp.Response r = send(port, "/orders?q=1&AMR=otp&audience=https%3A%2F%2Fother.example",
                        token, List.of());
                assertEquals(200, r.status(), r.body());
                assertEquals("staff", JSON.readTree(r.body()).get("environ").get("HTTP_X_AUTH_ROLES").asText());
            }
        }
    }

    /** The control: without a proxy that strips them, the WSGI application does take forged spellings. */
    @Test
    void wsgiUpstreamSeesForgedRolesWhenNothingStripsThem() throws Exception {
        try (WsgiUpstream app = WsgiUpstream.start(dir)) {
            RawHttp.Response r = send(app.port(), "/", "ignored", FORGED);
            JsonNode environ = JSON.readTree(r.body()).get("environ");
            assertTrue(environ.get("HTTP_X_AUTH_ROLES").asText().contains("admin"), r.body());
            assertTrue(environ.get("HTTP_X_AUTH_USERNAME").asText().contains("root"), r.body());
        }
    }

    /**
     * Traefik is not installable here, so its recipe is checked against Traefik's documented rule instead: every
     * request header whose (Go-canonical) name matches {@code authResponseHeadersRegex} is deleted, then the
     * matching headers of netauth's answer are copied. The pattern must match every spelling, and nothing else.
     */
    @Test
    void traefikRecipePatternCoversEveryFoldedSpelling() throws Exception {
        String recipe = Files.readString(Path.of("..", "examples", "traefik", "dynamic.yml"));
        Matcher m = Pattern.compile("authResponseHeadersRegex: \"([^\"]+)\"").matcher(recipe);
        assertTrue(m.find(), "the recipe sets authResponseHeadersRegex");
        Pattern pattern = Pattern.compile(m.group(1)); // RE2 and java.util.regex agree on this subset
        List<String> all = new ArrayList<>(FORGED);
        all.addAll(FORGED_OTHER_NAMES);
        for (String line : all) {
            String name = canonicalGo(line.substring(0, line.indexOf(':')));
            assertTrue(pattern.matcher(name).find(), name);
        }
        for (String name : List.of("Authorization", "X-Authorization", "X-Forwarded-For", "Xx-Auth-Roles", "Cookie")) {
            assertFalse(pattern.matcher(name).find(), name);
        }
        assertFalse(recipe.contains("trustForwardHeader: true"), "a client's X-Forwarded-* must not be believed");
    }

    /** Go's {@code http.CanonicalHeaderKey}: upper case at the start and after each '-', lower case elsewhere. */
    private static String canonicalGo(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }

    /** A user's token and a client's token: the application sees each one's headers, and no forged one. */
    private static void assertNoForgeryPasses(RunningServer auth, int port, String check, List<String> forged)
            throws Exception {
        auth.addUser("ann", PASSWORD, "staff");
        String user = json(auth.postJson("/auth", loginBody("ann", PASSWORD))).get("token").asText();
        ClientRegistry.NewClient reports = auth.addClient(ClientSpec.of("reports", List.of("reports.read")));
        HttpResponse<String> granted = auth.postForm("/oauth2/token",
                RunningServer.basic(reports.client().id(), reports.secret()), "grant_type=client_credentials");
        assertEquals(200, granted.statusCode(), granted.body());
        String client = json(granted).get("access_token").asText();

        for (String token : List.of(user, client)) {
            Map<String, String> expected = answered(auth, check, token);
            assertTrue(expected.containsKey("HTTP_X_AUTH_SUBJECT") && (token.equals(user)
                    ? expected.get("HTTP_X_AUTH_ROLES").equals("staff") : expected.containsKey("HTTP_X_AUTH_CLIENT")),
                    expected.toString());
            RawHttp.Response r = send(port, "/orders/42", token, forged);
            assertEquals(200, r.status(), r.body());
            JsonNode seen = JSON.readTree(r.body());
            assertEquals(expected, nonEmpty(seen.get("environ")), "the WSGI environ holds netauth's answer only");
            Set<String> names = new HashSet<>();
            for (JsonNode header : seen.get("headers")) {
                if (!header.get(1).asText().isEmpty()) {
                    String folded = environKey(header.get(0).asText());
                    assertTrue(names.add(folded), "one line per name: " + seen.get("headers"));
                }
            }
            assertEquals(expected.keySet(), names, seen.get("headers").toString());
        }
    }

    /** What the check itself answers, asked directly: the X-Auth-* headers with a value, as environ keys. */
    private static Map<String, String> answered(RunningServer auth, String check, String token) {
        HttpResponse<String> r = auth.send(HttpRequest.newBuilder(auth.uri(check))
                .header("Authorization", "Bearer " + token).GET().build());
        assertEquals(200, r.statusCode(), r.body());
        Map<String, String> headers = new TreeMap<>();
        r.headers().map().forEach((name, values) -> {
            if (name.toLowerCase(Locale.ROOT).startsWith("x-auth-") && !values.get(0).isEmpty()) {
                assertEquals(1, values.size(), name);
                headers.put(environKey(name), values.get(0));
            }
        });
        return headers;
    }

    private static Map<String, String> nonEmpty(JsonNode environ) {
        Map<String, String> out = new TreeMap<>();
        environ.fields().forEachRemaining(e -> {
            if (!e.getValue().asText().isEmpty()) {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }

    /** The name as WSGI and CGI fold it: {@code HTTP_} and upper case, with '-' as '_'. */
    private static String environKey(String name) {
        return "HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** One request on its own connection, with header lines exactly as written (names spelled as given). */
    private static RawHttp.Response send(int port, String path, String token, List<String> forged)
            throws Exception {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Authorization: Bearer " + token + "\r\n");
        for (String line : forged) {
            request.append(line).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (RawHttp http = new RawHttp(port)) {
            return http.write(request.toString()).read();
        }
    }

    private ProxyProcess nginx(Path recipe, RunningServer auth, WsgiUpstream app, int port) throws Exception {
        String config = Files.readString(recipe)
                .replace("127.0.0.1:8080", "127.0.0.1:" + auth.port())
                .replace("127.0.0.1:9000", "127.0.0.1:" + app.port())
                .replace("listen 127.0.0.1:8000", "listen 127.0.0.1:" + port);
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config);
        Files.createDirectories(dir.resolve("logs"));
        return ProxyProcess.start(List.of("/usr/sbin/nginx", "-p", dir.toString(), "-c", conf.toString(), "-e",
                dir.resolve("logs/error.log").toString(), "-g", "daemon off; pid " + dir.resolve("nginx.pid") + ";"),
                dir.resolve("nginx.out"), port);
    }

    private ProxyProcess caddy(RunningServer auth, WsgiUpstream app, int port) throws Exception {
        String config = Files.readString(Path.of("..", "examples", "caddy", "Caddyfile"))
                .replace("127.0.0.1:8080", "127.0.0.1:" + auth.port())
                .replace("127.0.0.1:9000", "127.0.0.1:" + app.port())
                .replace("http://:8000", "http://127.0.0.1:" + port);
        Path caddyfile = dir.resolve("Caddyfile");
        Files.writeString(caddyfile, config);
        return ProxyProcess.start(List.of("/usr/bin/caddy", "run", "--config", caddyfile.toString(), "--adapter",
                "caddyfile"), dir.resolve("caddy.out"), port);
    }
}
