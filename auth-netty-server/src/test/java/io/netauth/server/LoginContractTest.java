package io.netauth.server;

import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netauth.core.token.SigningAlgorithm;
import io.netauth.core.token.SigningKey;
import io.netauth.server.testing.RunningServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every answer of {@code POST /auth} in the README's contract, through a real server and client. */
class LoginContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
        server.addUser("Alice", "correct horse", "admin", "user");
        server.addUser("disabled", "correct horse");
        server.database().userDirectory().setEnabled("disabled", false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("content-type").orElse(""));
        JsonNode body = json(response);
        assertEquals(code, body.get("error").asText(), response.body());
        assertTrue(body.get("message").asText().length() > 0);
        assertEquals(2, body.size(), "error bodies have exactly error and message");
    }

    @Test
    void correctPasswordAnswersASignedToken() throws Exception {
        HttpResponse<String> response = server.postJson("/auth", loginBody("alice", "correct horse"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("cache-control").orElse(""));
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("content-type").orElse(""));
        JsonNode body = json(response);
        assertEquals("Bearer", body.get("token_type").asText());
        assertEquals(900, body.get("expires_in").asLong());

        SigningKey key = server.database().signingKeyStore().findByAlgorithm(SigningAlgorithm.RS256).get(0);
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(key.publicKey()));
        DecodedJWT jwt = JWT.require(Algorithm.RSA256(publicKey, null)).withIssuer("http://localhost:8080").withAudience("netauth")
                .build().verify(body.get("token").asText());
        assertEquals(key.kid(), jwt.getKeyId());
        assertEquals("Alice", jwt.getClaim("preferred_username").asString());
        assertEquals(List.of("admin", "user"), jwt.getClaim("roles").asList(String.class));
        assertEquals(server.database().credentialStore().findByUsername("alice").orElseThrow().account().id(),
                jwt.getSubject());
    }

    @Test
    void unknownUserWrongPasswordAndDisabledAccountGetOneAnswer() throws Exception {
        HttpResponse<String> unknown = server.postJson("/auth", loginBody("nobody", "correct horse"));
        HttpResponse<String> wrong = server.postJson("/auth", loginBody("alice", "wrong"));
        HttpResponse<String> disabled = server.postJson("/auth", loginBody("disabled", "correct horse"));
        for (HttpResponse<String> r : List.of(unknown, wrong, disabled)) {
            assertError(r, 401, "invalid_credentials");
            assertEquals(unknown.body(), r.body());
            assertEquals(unknown.headers().map().keySet(), r.headers().map().keySet());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[]",
        "\"a string\"",
        "{}",
        "{\"username\":\"alice\"}",
        "{\"password\":\"correct horse\"}",
        "{\"username\":\"\",\"password\":\"correct horse\"}",
        "{\"username\":\"alice\",\"password\":\"\"}",
        "{\"username\":1,\"password\":\"correct horse\"}",
        "{\"username\":\"alice\",\"password\":null}",
        "{\"username\":[\"alice\"],\"password\":\"correct horse\"}",
        "{\"username\":\"alice\",\"password\":\"correct horse\"} trailing",
        "{\"username\":\"alice\",\"password\":\"correct horse\"}{}",
        "{\"username\":\"alice\",\"password\":\"correct horse\"",
        "{\"username\":\"a\",\"username\":\"alice\",\"password\":\"correct horse\"}",
        "{\"username\":\"alice\",\"password\":\"correct horse\",\"extra\":{\"nested\":1}}",
        "{\"username\":\"alice\",\"password\":\"correct horse\",\"extra\":[1]}",
        "{'username':'alice','password':'correct horse'}",
    })
    void malformedBodiesAreInvalidRequests(String body) throws Exception {
        assertError(server.postJson("/auth", body), 400, "invalid_request");
    }

    @Test
    void duplicateKeysNeverLogInAsEither() throws Exception {
        assertError(server.postJson("/auth",
                "{\"username\":\"alice\",\"password\":\"correct horse\",\"password\":\"correct horse\"}"),
                400, "invalid_request");
    }

    @Test
    void overlongFieldsAreInvalidRequests() throws Exception {
        assertError(server.postJson("/auth", loginBody("a".repeat(257), "pw")), 400, "invalid_request");
        assertError(server.postJson("/auth", loginBody("alice", "p".repeat(1025))), 400, "invalid_request");
        // At the limits the request is read and answered as a login.
        assertError(server.postJson("/auth", loginBody("a".repeat(256), "p".repeat(1024))), 401,
                "invalid_credentials");
    }

    @Test
    void unknownScalarFieldsAreIgnored() throws Exception {
        HttpResponse<String> r = server.postJson("/auth",
                "{\"client\":\"cli\",\"username\":\"alice\",\"password\":\"correct horse\",\"n\":1}");
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void escapedJsonStringsAreDecoded() throws Exception {
        HttpResponse<String> r = server.postJson("/auth",
                "{\"username\":\"\\u0061lice\",\"password\":\"correct\\u0020horse\"}");
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void bodiesOverTheLimitArePayloadTooLarge() throws Exception {
        String big = loginBody("alice", "x".repeat(9000));
        assertError(server.postJson("/auth", big), 413, "payload_too_large");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1",
        "application/jsonx"})
    void nonJsonMediaTypesAreUnsupported(String contentType) throws Exception {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/auth"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(loginBody("alice", "correct horse"))).build());
        assertError(r, 415, "unsupported_media_type");
    }

    @Test
    void missingContentTypeIsUnsupported() throws Exception {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/auth"))
                .POST(HttpRequest.BodyPublishers.ofString(loginBody("alice", "correct horse"))).build());
        assertError(r, 415, "unsupported_media_type");
    }

    @Test
    void jsonWithUtf8CharsetIsAccepted() throws Exception {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/auth"))
                .header("Content-Type", "Application/JSON; Charset=\"UTF-8\"")
                .POST(HttpRequest.BodyPublishers.ofString(loginBody("alice", "correct horse"))).build());
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void unknownPathsAreNotFound() throws Exception {
        assertError(server.send(HttpRequest.newBuilder(server.uri("/nothing")).GET().build()), 404, "not_found");
        assertError(server.postJson("/auth/", loginBody("alice", "correct horse")), 404, "not_found");
    }

    @Test
    void wrongMethodsAreNotAllowedAndSayWhatIs() throws Exception {
        HttpResponse<String> get = server.send(HttpRequest.newBuilder(server.uri("/auth")).GET().build());
        assertError(get, 405, "method_not_allowed");
        assertEquals("POST", get.headers().firstValue("allow").orElse(""));
        HttpResponse<String> delete = server.send(HttpRequest.newBuilder(server.uri("/auth?x=1")).DELETE().build());
        assertError(delete, 405, "method_not_allowed");
    }

    @Test
    void queryStringsDoNotChangeTheRoute() {
        HttpResponse<String> r = server.postJson("/auth?client=x", loginBody("alice", "correct horse"));
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void everyErrorCarriesNoStackTrace() throws Exception {
        HttpResponse<String> r = server.postJson("/auth", "{\"username\": tru");
        assertFalse(r.body().contains("Exception"), r.body());
        assertFalse(r.body().contains("at com.fasterxml"), r.body());
        assertNotNull(json(r).get("message"));
    }
}
