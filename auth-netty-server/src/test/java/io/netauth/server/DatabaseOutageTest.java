package io.netauth.server;

import static io.netauth.server.LoginContractTest.assertError;
import static io.netauth.server.LoginContractTest.json;
import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netauth.core.jdbc.JdbcSettings;
import io.netauth.core.testing.TestDatabases;
import io.netauth.server.testing.RunningServer;
import io.netauth.server.testing.TcpProxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The real PostgreSQL behind a TCP proxy this test owns: cutting the proxy is a database outage, restoring it
 * the recovery. The shared PostgreSQL server itself is never stopped.
 */
class DatabaseOutageTest {

    @Test
    void anOutageAnswers503ForDatabaseWorkKeepsVerifyingAndRecoversWithoutRestart() throws Exception {
        try (TestDatabases.PostgresSchema schema = TestDatabases.postgresSchema();
                TcpProxy proxy = new TcpProxy("127.0.0.1", 5432)) {
            try (RunningServer server = RunningServer.builder().database(throughProxy(schema, proxy)).start()) {
                server.addUser("alice", "correct horse");
                JsonNode grant = json(server.postJson("/auth", loginBody("alice", "correct horse")));
                String token = grant.get("token").asText();

                proxy.cut();
                HttpResponse<String> login = server.postJson("/auth", loginBody("alice", "correct horse"));
                assertError(login, 503, "unavailable");
                assertEquals("1", login.headers().firstValue("retry-after").orElse(""));
                assertError(server.postJson("/auth/refresh",
                        "{\"refresh_token\":\"" + grant.get("refresh_token").asText() + "\"}"), 503, "unavailable");
                assertEquals(200, server.verify("Bearer " + token).statusCode(), "verification needs no database");

                proxy.restore();
                int status = 0;
                for (int attempt = 0; attempt < 50 && status != 200; attempt++) {
                    status = server.postJson("/auth", loginBody("alice", "correct horse")).statusCode();
                    if (status != 200) {
                        Thread.sleep(200);
                    }
                }
                assertEquals(200, status, "logins work again once the database is back");
            }
        }
    }

    /** RFC 6749 section 4.1.2.1: a checked request the server cannot finish goes back as temporarily_unavailable. */
    @Test
    void anAuthorizationRequestDuringAnOutageGoesBackToItsClientTold() throws Exception {
        try (TestDatabases.PostgresSchema schema = TestDatabases.postgresSchema();
                TcpProxy proxy = new TcpProxy("127.0.0.1", 5432)) {
            try (RunningServer server = RunningServer.builder().database(throughProxy(schema, proxy)).start()) {
                server.addUser("bob", "correct horse");
                String redirect = "https://shop.example.test/cb";
                String clientId = server.addClient(new io.netauth.core.client.ClientSpec("shop", java.util.Set.of(),
                        java.util.List.of(), java.util.List.of(), null, null, false,
                        new io.netauth.core.client.CodeFlow(java.util.List.of(redirect), java.util.List.of(), false,
                                false))).client().id();
                String authorize = "/oauth2/authorize?response_type=code&scope=openid&state=st&client_id=" + clientId
                        + "&redirect_uri=" + java.net.URLEncoder.encode(redirect, java.nio.charset.StandardCharsets.UTF_8)
                        // RFC 7636 appendix B's challenge: every client must use PKCE.
                        + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
                io.netauth.server.testing.BrowserAgent browser = new io.netauth.server.testing.BrowserAgent(
                        server.uri("/")).signsInAs("bob", "correct horse", null).consents(false);
                assertTrue(browser.open(authorize).contains("error=access_denied"), "signed in, consent refused");

                proxy.cut(); // the consent cannot be read now
                String answer = browser.open(authorize);
                assertTrue(answer.startsWith(redirect + "?error=temporarily_unavailable&"), answer);
                assertTrue(answer.contains("&state=st&"), answer);
            }
        }
    }

    /** The schema's database reached through the proxy, with a short connection timeout. */
    private static JdbcSettings throughProxy(TestDatabases.PostgresSchema schema, TcpProxy proxy) {
        String url = TestDatabases.POSTGRES_URL.replace(":5432/", ":" + proxy.port() + "/")
                + "?currentSchema=" + schema.name();
        return new JdbcSettings(url, TestDatabases.POSTGRES_USER, "", 4, Duration.ofSeconds(1));
    }
}
