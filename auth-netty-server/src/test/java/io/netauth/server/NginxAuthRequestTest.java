package io.netauth.server;

import static io.netauth.server.LoginContractTest.json;
import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.server.testing.EchoUpstream;
import io.netauth.server.testing.ProxyProcess;
import io.netauth.server.testing.RunningServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented nginx configuration ({@code examples/nginx/nginx.conf}) with a real nginx in front of a
 * real server and a small upstream that echoes the identity headers it receives. Skipped with a message
 * where nginx is not installed, unless {@code CI} is set (CI installs it), in which case it fails.
 */
class NginxAuthRequestTest {

    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Path EXAMPLE = Path.of("..", "examples", "nginx", "nginx.conf");

    @TempDir
    static Path prefix;
    private static RunningServer auth;
    private static EchoUpstream upstream;
    private static ProxyProcess nginx;
    private static int nginxPort;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        ProxyProcess.requireInstalled(NGINX, "nginx-light");
        auth = RunningServer.start();
        auth.addUser("alice", "correct horse", "admin");
        upstream = EchoUpstream.start();
        nginxPort = ProxyProcess.freePort();
        String config = Files.readString(EXAMPLE)
                .replace("127.0.0.1:8080", "127.0.0.1:" + auth.port())
                .replace("127.0.0.1:9000", "127.0.0.1:" + upstream.port())
                .replace("listen 127.0.0.1:8000", "listen 127.0.0.1:" + nginxPort);
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, config);
        Files.createDirectories(prefix.resolve("logs"));
        nginx = ProxyProcess.start(List.of(NGINX.toString(), "-p", prefix.toString(), "-c", conf.toString(), "-e",
                prefix.resolve("logs/error.log").toString(), "-g", "daemon off; pid " + prefix.resolve("nginx.pid")
                        + ";"), prefix.resolve("nginx.out"), nginxPort);
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (auth != null) {
            auth.close();
        }
    }

    private static HttpResponse<String> get(String path, List<String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginxPort + path));
        for (int i = 0; i < headers.size(); i += 2) {
            request.header(headers.get(i), headers.get(i + 1));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aValidTokenPassesWithTheIdentityHeaders() throws Exception {
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + nginxPort + "/auth"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(loginBody("alice", "correct horse"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), "login through nginx: " + login.body());
        String token = json(login).get("token").asText();
        String subject = auth.database().credentialStore().findByUsername("alice").orElseThrow().account().id();

        HttpResponse<String> r = get("/orders/42", List.of("Authorization", "Bearer " + token,
                "X-Auth-Subject", "spoofed"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("path=/orders/42 subject=" + subject + " username=alice roles=admin amr=pwd", r.body());
    }

    @Test
    void noTokenOrABadOneGets401FromNginx() throws Exception {
        HttpResponse<String> none = get("/orders/42", List.of());
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("www-authenticate").orElse("").startsWith("Bearer"),
                none.headers().map().toString());
        assertEquals(401, get("/orders/42", List.of("Authorization", "Bearer not-a-token")).statusCode());
        assertEquals(401, get("/", List.of("Authorization", "Basic YTpi")).statusCode());
    }
}
