package io.netauth.examples.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Spring Boot application against a real netauth: the runner jar started as its own process, clients added
 * with its CLI, a client-credentials token fetched over HTTP, and the application configured with nothing but
 * netauth's issuer and its own audience.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrdersApplicationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path dataDir;
    private static Process netauth;
    private static int netauthPort;
    private static String issuer;
    private static Map<String, String> reader;
    private static Map<String, String> stranger;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startNetauth() throws Exception {
        dataDir = Files.createTempDirectory("netauth-example");
        netauthPort = freePort();
        issuer = "http://127.0.0.1:" + netauthPort;
        reader = addClient("orders-reader", "--scopes", "orders.read", "--audience", "https://orders.example");
        stranger = addClient("billing", "--scopes", "billing.read", "--audience", "https://orders.example");
        netauth = new ProcessBuilder(command("--port", Integer.toString(netauthPort), "--issuer", issuer))
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("netauth.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (get(issuer + "/health/ready", null).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline || !netauth.isAlive()) {
                throw new IllegalStateException("netauth did not start: " + Files.readString(dataDir.resolve("netauth.log")));
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stopNetauth() throws Exception {
        if (netauth != null) {
            netauth.destroy();
            netauth.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @DynamicPropertySource
    static void netauthIssuer(DynamicPropertyRegistry properties) {
        properties.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> issuer);
    }

    @Test
    void aClientCredentialsTokenReadsOrders() throws Exception {
        HttpResponse<String> r = get(app("/orders"), token(reader));
        assertEquals(200, r.statusCode(), () -> r.headers().firstValue("WWW-Authenticate").orElse(r.body()));
        assertTrue(r.body().contains(reader.get("client_id")), r.body());
    }

    @Test
    void withoutATokenTheAnswerIs401() throws Exception {
        HttpResponse<String> r = get(app("/orders"), null);
        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    }

    @Test
    void aTokenFromAnotherIssuerIs401() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("other").generate();
        SignedJWT foreign = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("other")
                .type(new JOSEObjectType("at+jwt")).build(), new JWTClaimsSet.Builder()
                .issuer("http://127.0.0.1:1").subject("x").audience("https://orders.example").claim("scope", "orders.read")
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).issueTime(new Date()).build());
        foreign.sign(new RSASSASigner(key));
        assertEquals(401, get(app("/orders"), foreign.serialize()).statusCode());
    }

    @Test
    void aTokenWithoutTheScopeIs403() throws Exception {
        HttpResponse<String> r = get(app("/orders"), token(stranger));
        assertEquals(403, r.statusCode());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").contains("insufficient_scope"));
    }

    private String app(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** {@code POST /oauth2/token} with {@code client_secret_basic}, as any client would send it. */
    private static String token(Map<String, String> client) throws Exception {
        String basic = Base64.getEncoder().encodeToString((client.get("client_id") + ":" + client.get("client_secret"))
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(r.body());
        assertTrue(m.find(), r.body());
        return m.group(1);
    }

    private static HttpResponse<String> get(String url, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code clients add} of netauth's CLI; answers the two lines it prints as a map. */
    private static Map<String, String> addClient(String name, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("clients", "add", name));
        args.addAll(List.of(options));
        Process cli = new ProcessBuilder(command(args.toArray(String[]::new))).redirectErrorStream(false).start();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, cli.waitFor(), new String(cli.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        Matcher id = Pattern.compile("client_id: (\\S+)").matcher(out);
        Matcher secret = Pattern.compile("client_secret: (\\S+)").matcher(out);
        assertTrue(id.find() && secret.find(), out);
        return Map.of("client_id", id.group(1), "client_secret", secret.group(1));
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("netauth.jar")).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--data-dir", dataDir.resolve("db").toString()));
        return command;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
