package io.netauth.server;

import static io.netauth.server.LoginContractTest.json;
import static io.netauth.server.testing.RunningServer.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.id.Issuer;
import io.netauth.core.client.ClientRegistry;
import io.netauth.core.client.ClientSpec;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import io.netauth.server.testing.LogCapture;
import io.netauth.server.testing.RunningServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OAuth endpoints' edges: an issuer with a path, the client-authentication throttle, secrets in logs. */
class OAuthEdgesTest {

    @Test
    void rfc8414Section31IssuerWithAPathServesThePathAwareDocument() throws Exception {
        try (RunningServer server = RunningServer.builder().issuerOnPort("/tenant").start()) {
            ClientRegistry.NewClient client = server.addClient(ClientSpec.of("svc", List.of("a")));
            String issuer = server.tokens().issuerId();
            // Section 3.1 inserts the path after the well-known prefix; clients that append the suffix to the
            // issuer (Nimbus among them) ask for /tenant/.well-known/...; both answer the same document.
            for (String path : List.of("/.well-known/oauth-authorization-server/tenant",
                    "/tenant/.well-known/oauth-authorization-server")) {
                HttpResponse<String> document = server.send(HttpRequest.newBuilder(server.uri(path)).build());
                assertEquals(200, document.statusCode(), path);
                assertEquals(issuer, json(document).get("issuer").asText());
            }
            AuthorizationServerMetadata metadata = AuthorizationServerMetadata.resolve(new Issuer(issuer));
            assertEquals(issuer, metadata.getIssuer().getValue());
            assertEquals(issuer + "/oauth2/token", metadata.getTokenEndpointURI().toString());
            // The endpoints answer under the issuer's path (no proxy strips it) and at the root (one that does).
            assertEquals(200, server.postForm("/tenant/oauth2/token", basic(client.client().id(), client.secret()),
                    "grant_type=client_credentials").statusCode());
            assertEquals(200, server.postForm("/oauth2/token", basic(client.client().id(), client.secret()),
                    "grant_type=client_credentials").statusCode());
            assertEquals(200, server.send(HttpRequest.newBuilder(server.uri("/tenant/.well-known/jwks.json")).build())
                    .statusCode());
        }
    }

    @Test
    void failedClientAuthenticationIsThrottledPerAddressNotPerClient() throws Exception {
        Settings throttled = Settings.builder().setAll(RunningServer.UNTHROTTLED)
                .set(CoreSettings.THROTTLE_CLIENT_FREE, 2)
                .set(CoreSettings.THROTTLE_CLIENT_BASE_DELAY, Duration.ofMinutes(10))
                .set(CoreSettings.THROTTLE_CLIENT_MAX_DELAY, Duration.ofMinutes(10))
                .build();
        try (RunningServer server = RunningServer.builder()
                .config(b -> b.settings(throttled).trustedProxies(List.of("127.0.0.1"))).start()) {
            ClientRegistry.NewClient client = server.addClient(ClientSpec.of("svc", List.of()));
            String id = client.client().id();
            for (int i = 0; i < 2; i++) {
                assertEquals(401, token(server, "203.0.113.5", basic(id, "guess-" + i)).statusCode());
            }
            HttpResponse<String> throttledAnswer = token(server, "203.0.113.5", basic(id, client.secret()));
            assertEquals(429, throttledAnswer.statusCode(), throttledAnswer.body());
            assertEquals("too_many_attempts", json(throttledAnswer).get("error").asText());
            assertTrue(throttledAnswer.headers().firstValue("retry-after").isPresent());
            // The client itself is not locked out: from its own address it still gets tokens.
            assertEquals(200, token(server, "198.51.100.7", basic(id, client.secret())).statusCode());
            // Only failures count: forty grants at once from one address, twenty times the free failures, all pass.
            List<HttpResponse<String>> burst = RunningServer.concurrently(40,
                    i -> token(server, "198.51.100.7", basic(id, client.secret())));
            assertTrue(burst.stream().allMatch(r -> r.statusCode() == 200), "a busy client is never throttled");
        }
    }

    private static HttpResponse<String> token(RunningServer server, String from, String authorization) {
        return server.send(HttpRequest.newBuilder(server.uri("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", authorization)
                .header("X-Forwarded-For", from)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
    }

    @Test
    void noSecretOrTokenReachesTheLog() throws Exception {
        try (RunningServer server = RunningServer.builder().issuerOnPort().config(b -> b.adminApi(true, "admin"))
                .start(); LogCapture logs = LogCapture.start()) {
            ClientRegistry.NewClient client = server.addClient(new ClientSpec("gw", java.util.Set.of(), List.of("x"),
                    List.of(), null, null, true));
            String id = client.client().id();
            JsonNode granted = json(server.postForm("/oauth2/token", basic(id, client.secret()),
                    "grant_type=client_credentials"));
            String token = granted.get("access_token").asText();
            server.postForm("/oauth2/introspect", basic(id, client.secret()), "token=" + token);
            server.postForm("/oauth2/revoke", basic(id, client.secret()), "token=" + token);
            server.postForm("/oauth2/token", basic(id, client.secret() + "x"), "grant_type=client_credentials");
            String all = logs.text();
            assertTrue(all.contains("revoked"), "the revocation is audited");
            assertFalse(all.contains(client.secret()), "no client secret in the log");
            assertFalse(all.contains(token), "no token in the log");
        }
    }
}
