package io.netauth.server;

import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.netauth.server.testing.LogCapture;
import io.netauth.server.testing.RawHttp;
import io.netauth.server.testing.RunningServer;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** No request can put a password or a token in the log, or forge a log line, even at the finest level. */
class LogHygieneTest {

    private static final String PASSWORD = "Pa55-w0rd-that-must-not-leak";

    @Test
    void passwordsAndTokensNeverReachTheLogAtAnyLevel() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        root.setLevel(Level.ALL);
        try (RunningServer server = RunningServer.start(); LogCapture logs = LogCapture.start()) {
            server.addUser("alice", PASSWORD);
            HttpResponse<String> ok = server.postJson("/auth", loginBody("alice", PASSWORD));
            assertEquals(200, ok.statusCode());
            String token = LoginContractTest.json(ok).get("token").asText();
            server.postJson("/auth", loginBody("alice", PASSWORD + "-wrong"));
            server.postJson("/auth", loginBody("nobody", PASSWORD));
            server.postJson("/auth", "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\"} junk");
            server.postJson("/auth", "{\"username\":\"alice\",\"password\":" + PASSWORD + "}");
            try (RawHttp raw = new RawHttp(server.port())) {
                raw.write("POST /auth HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\nx").read();
            }
            String text = logs.text();
            assertTrue(text.contains("login outcome=success"), "the audit line is there");
            assertFalse(text.toLowerCase(java.util.Locale.ROOT).contains("pa55-w0rd"), text);
            assertFalse(text.contains(token), text);
            assertFalse(text.contains(token.substring(token.lastIndexOf('.') + 1)), "no signature in the log");
        } finally {
            root.setLevel(before);
        }
    }

    /** The code flow at every log level: no secret, code, access, ID or refresh token reaches the log. */
    @Test
    void theCodeFlowLeavesNoSecretInTheLog() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        root.setLevel(Level.ALL);
        try (RunningServer server = RunningServer.builder().issuerOnPort().start(); LogCapture logs = LogCapture.start()) {
            server.addUser("alice", PASSWORD);
            String redirect = "https://app.example.test/cb";
            io.netauth.core.client.ClientRegistry.NewClient app = server.addClient(new io.netauth.core.client.ClientSpec(
                    "app", java.util.Set.of(), java.util.List.of(), java.util.List.of(), null, null, false,
                    new io.netauth.core.client.CodeFlow(java.util.List.of(redirect), java.util.List.of(), false, true)));
            io.netauth.server.testing.OidcClient rp = new io.netauth.server.testing.OidcClient(
                    server.tokens().issuerId(), app.client().id(), app.secret(), redirect);
            io.netauth.server.testing.BrowserAgent browser = new io.netauth.server.testing.BrowserAgent(
                    java.net.URI.create(server.tokens().issuerId())).signsInAs("alice", PASSWORD, null);
            io.netauth.server.testing.OidcClient.Flow flow = rp.flow("openid profile offline_access");
            com.nimbusds.oauth2.sdk.AuthorizationCode code = rp.code(browser, flow);
            com.nimbusds.openid.connect.sdk.token.OIDCTokens tokens = io.netauth.server.testing.OidcClient.tokens(
                    rp.redeem(code, flow.verifier()));
            rp.redeem(code, flow.verifier()); // a reuse, which is logged
            rp.userinfo(tokens.getBearerAccessToken());
            browser.get("/oauth2/logout?id_token_hint=" + tokens.getIDTokenString());

            String text = logs.text();
            assertTrue(text.contains("Code redeemed by client " + app.client().id()), text);
            for (String secret : java.util.List.of(PASSWORD, app.secret(), code.getValue(),
                    tokens.getAccessToken().getValue(), tokens.getIDTokenString(), tokens.getRefreshToken().getValue(),
                    flow.verifier().getValue())) {
                assertFalse(text.contains(secret), "leaked: " + secret.substring(0, 6) + "…");
            }
        } finally {
            root.setLevel(before);
        }
    }

    @Test
    void usernamesCannotForgeLogLines() throws Exception {
        try (RunningServer server = RunningServer.start(); LogCapture logs = LogCapture.start()) {
            // Names of accounts (ones an older version let in) are logged as typed, escaped; others only as a digest.
            server.addLegacyUser("mallory\u2028login outcome=success user=\"admin\"", "pw-of-mallory");
            server.addLegacyUser("eve\u202e\u2028x", "pw-of-eve");
            server.postJson("/auth", loginBody("mallory\\u2028login outcome=success user=\\\"admin\\\"", "pw"));
            server.postJson("/auth", loginBody("eve\\u202e\\u2028x", "pw"));
            List<String> audit = logs.events().stream().filter(e -> e.getLoggerName().equals("netauth.audit"))
                    .map(e -> e.getFormattedMessage()).toList();
            assertEquals(2, audit.size(), audit.toString());
            for (String line : audit) {
                assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u2028")
                        || line.contains("\u202e"), line);
            }
            assertTrue(audit.get(0).startsWith("login outcome=invalid_credentials user=\"mallory\\u2028login"),
                    audit.get(0));
            assertTrue(audit.get(0).contains("user=\\\"admin\\\""), "quotes are escaped: " + audit.get(0));
        }
    }

    /**
     * A password typed into the username field names no account: the audit line keeps a keyed digest of it, the
     * same for each attempt (so that repeated attempts can be matched), never the text.
     */
    @Test
    void aNameThatIsNoAccountIsLoggedAsAStableDigestNeverAsTyped() throws Exception {
        try (RunningServer server = RunningServer.start(); LogCapture logs = LogCapture.start()) {
            server.addUser("alice", PASSWORD);
            server.postJson("/auth", loginBody(PASSWORD, PASSWORD));
            server.postJson("/auth", loginBody(PASSWORD, "again"));
            server.postJson("/auth", loginBody("alice", "wrong"));
            List<String> audit = logs.events().stream().filter(e -> e.getLoggerName().equals("netauth.audit"))
                    .map(e -> e.getFormattedMessage()).toList();
            assertEquals(3, audit.size(), audit.toString());
            java.util.regex.Matcher first = java.util.regex.Pattern.compile("user=(#[0-9a-f]{16}) ")
                    .matcher(audit.get(0));
            assertTrue(first.find(), audit.get(0));
            assertTrue(audit.get(1).contains("user=" + first.group(1) + " "), "the same digest: " + audit.get(1));
            assertTrue(audit.get(2).contains("user=\"alice\""), "an account is logged as typed: " + audit.get(2));
            assertFalse(logs.text().toLowerCase(java.util.Locale.ROOT).contains("pa55-w0rd"), logs.text());
        }
    }
}
