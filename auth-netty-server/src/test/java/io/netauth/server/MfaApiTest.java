package io.netauth.server;

import static io.netauth.server.LoginContractTest.json;
import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.JsonNode;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import io.netauth.core.testing.AuthenticatorApp;
import io.netauth.core.testing.MutableClock;
import io.netauth.server.testing.RunningServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.netauth.server.testing.LogCapture;
import org.junit.jupiter.api.Test;

/**
 * TOTP second factors through a real server and HTTP client: enrolment, the second step of a login, recovery
 * codes, replay, throttling, removal, the admin reset and mfa-required-roles. Codes come from an independent TOTP
 * library, fed with the otpauth URI the server answers. The server's clock is a test clock, so that a test moves
 * to the next 30-second step instead of waiting for it.
 */
class MfaApiTest {

    private static final String PASSWORD = "correct horse battery";

    private final MutableClock clock = new MutableClock(Instant.now());

    private RunningServer start(Settings settings) {
        return RunningServer.builder().clock(clock).config(b -> b.settings(settings).adminApi(true, "admin")).start();
    }

    private static HttpResponse<String> call(RunningServer server, String method, String path, String bearer,
            String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).header("Content-Type",
                "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return server.send(request.build());
    }

    private static String token(RunningServer server, String user, String password) throws Exception {
        HttpResponse<String> login = server.postJson("/auth", loginBody(user, password));
        assertEquals(200, login.statusCode(), login.body());
        return json(login).get("token").asText();
    }

    private static void assertError(HttpResponse<String> response, int status, String error) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(error, json(response).get("error").asText(), response.body());
    }

    /** Enrols {@code user} through the API and answers their authenticator app; the confirming code's step is spent. */
    private AuthenticatorApp enrol(RunningServer server, String user) throws Exception {
        String access = token(server, user, PASSWORD);
        HttpResponse<String> begun = call(server, "POST", "/auth/mfa/totp", access, "{\"password\":\"" + PASSWORD + "\"}");
        assertEquals(200, begun.statusCode(), begun.body());
        AuthenticatorApp app = AuthenticatorApp.scan(json(begun).get("otpauth_uri").asText());
        HttpResponse<String> confirmed = call(server, "POST", "/auth/mfa/totp/confirm", access,
                "{\"code\":\"" + app.codeAt(clock.instant()) + "\"}");
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        clock.advance(Duration.ofSeconds(30)); // the next code is of a step not yet used
        return app;
    }

    private static String mfaToken(RunningServer server, String user) throws Exception {
        HttpResponse<String> first = server.postJson("/auth", loginBody(user, PASSWORD));
        assertError(first, 401, "mfa_required");
        return json(first).get("mfa_token").asText();
    }

    private static HttpResponse<String> secondStep(RunningServer server, String mfaToken, String field, String code) {
        return server.postJson("/auth/mfa", "{\"mfa_token\":\"" + mfaToken + "\",\"" + field + "\":\"" + code + "\"}");
    }

    /**
     * Every kind of event on {@code netauth.audit} carries its fields as key-value pairs under one schema (README,
     * Audit log): the same names for the same things, a name without quotes, the client address in its own field.
     */
    @Test
    void everyAuditEventKindCarriesTheOneSchema() throws Exception {
        Settings settings = Settings.builder().set(ServerSettings.SELF_REGISTRATION, true)
                .set(io.netauth.core.config.CoreSettings.THROTTLE_ACCOUNT_FREE, 100).build();
        try (RunningServer server = start(settings); LogCapture logs = LogCapture.start()) {
            server.addUser("root", PASSWORD, "admin");
            server.addUser("mia", PASSWORD);
            AuthenticatorApp app = enrol(server, "mia");
            String mfa = mfaToken(server, "mia");
            assertEquals(200, secondStep(server, mfa, "code", app.codeAt(clock.instant())).statusCode());
            assertEquals(401, server.postJson("/auth", loginBody("nobody", "wrong")).statusCode());
            HttpResponse<String> root = server.postJson("/auth", loginBody("root", PASSWORD));
            String refresh = json(root).get("refresh_token").asText();
            assertEquals(200, server.postJson("/auth/refresh", "{\"refresh_token\":\"" + refresh + "\"}").statusCode());
            assertEquals(401, server.postJson("/auth/refresh", "{\"refresh_token\":\"nope\"}").statusCode());
            String admin = json(root).get("token").asText();
            assertEquals(201, call(server, "POST", "/admin/users", admin,
                    "{\"username\":\"ned\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"ops\"]}").statusCode());
            assertEquals(409, call(server, "POST", "/admin/users/root/disable", admin, "").statusCode());
            assertEquals(201, server.postJson("/auth/register", loginBody("ola", PASSWORD)).statusCode());

            Map<String, Set<String>> allowed = Map.of(
                    "login", Set.of("event", "outcome", "user", "client"),
                    "login_second_step", Set.of("event", "outcome", "client"),
                    "refresh", Set.of("event", "outcome", "reason", "client"),
                    "admin", Set.of("event", "outcome", "user", "client", "action", "detail", "reason", "by"));
            Set<String> seen = new java.util.TreeSet<>();
            for (ch.qos.logback.classic.spi.ILoggingEvent event : logs.events()) {
                if (!event.getLoggerName().equals("netauth.audit")) {
                    continue;
                }
                Map<String, String> fields = new java.util.LinkedHashMap<>();
                event.getKeyValuePairs().forEach(kv -> fields.put(kv.key, String.valueOf(kv.value)));
                String kind = fields.get("event");
                assertTrue(allowed.containsKey(kind), "a known kind: " + fields);
                assertTrue(allowed.get(kind).containsAll(fields.keySet()), "only the schema's fields: " + fields);
                assertTrue(!fields.getOrDefault("outcome", "").isEmpty() && !fields.getOrDefault("client", "").isEmpty(),
                        "every event has an outcome and a client: " + fields);
                if (fields.containsKey("user")) {
                    assertTrue(!fields.get("user").startsWith("\""), "a name without quotes: " + fields);
                }
                if (kind.equals("admin")) {
                    assertTrue(!fields.get("by").contains("client="), "the client in its own field: " + fields);
                    seen.add("admin " + fields.get("action") + " " + fields.get("outcome"));
                } else {
                    seen.add(kind + " " + fields.get("outcome"));
                }
            }
            assertTrue(seen.containsAll(Set.of("login success", "login mfa_required", "login invalid_credentials",
                    "login_second_step success", "refresh success", "refresh invalid_token", "admin create success",
                    "admin disable refused", "admin register success")), seen.toString());
        }
    }

    @Test
    void enrolConfirmThenEveryLoginTakesASecondStep() throws Exception {
        try (RunningServer server = start(RunningServer.UNTHROTTLED)) {
            server.addUser("ana", PASSWORD);
            String access = token(server, "ana", PASSWORD);
            assertEquals("pwd", server.verify("Bearer " + access).headers().firstValue("X-Auth-AMR").orElse(""),
                    "RFC 8176: a password alone");

            assertError(call(server, "POST", "/auth/mfa/totp", null, "{\"password\":\"" + PASSWORD + "\"}"), 401,
                    "invalid_token");
            assertError(call(server, "POST", "/auth/mfa/totp", access, "{\"password\":\"not it\"}"), 401,
                    "invalid_credentials");
            HttpResponse<String> begun = call(server, "POST", "/auth/mfa/totp", access,
                    "{\"password\":\"" + PASSWORD + "\"}");
            assertEquals(200, begun.statusCode(), begun.body());
            assertEquals("no-store", begun.headers().firstValue("cache-control").orElse(""));
            JsonNode enrolment = json(begun);
            assertTrue(enrolment.get("secret").asText().matches("[A-Z2-7]{32}"), "160 bits of base32");
            String uri = enrolment.get("otpauth_uri").asText();
            assertTrue(uri.startsWith("otpauth://totp/localhost:") || uri.startsWith("otpauth://totp/127.0.0.1:"), uri);
            assertTrue(uri.contains("&issuer="), "the issuer parameter as well as the label's prefix: " + uri);
            assertTrue(enrolment.get("qr_svg").asText().startsWith("<svg"));
            AuthenticatorApp app = AuthenticatorApp.scan(uri);
            assertEquals(enrolment.get("secret").asText(), app.parameters().get("secret"));

            // Not a factor until confirmed: the login still takes the password alone.
            assertEquals(200, server.postJson("/auth", loginBody("ana", PASSWORD)).statusCode());
            String stale = app.codeAt(clock.instant().minus(Duration.ofHours(1)));
            assertError(call(server, "POST", "/auth/mfa/totp/confirm", access, "{\"code\":\"" + stale + "\"}"), 401,
                    "invalid_code");
            String confirmingCode = app.codeAt(clock.instant());
            HttpResponse<String> confirmed = call(server, "POST", "/auth/mfa/totp/confirm", access,
                    "{\"code\":\"" + confirmingCode + "\"}");
            assertEquals(200, confirmed.statusCode(), confirmed.body());
            JsonNode codes = json(confirmed).get("recovery_codes");
            assertEquals(10, codes.size());
            assertError(call(server, "POST", "/auth/mfa/totp/confirm", access, "{\"code\":\"" + confirmingCode + "\"}"),
                    409, "conflict");
            assertError(call(server, "POST", "/auth/mfa/totp", access, "{\"password\":\"" + PASSWORD + "\"}"), 409,
                    "conflict");

            // A wrong password answers as it always did; the right one asks for the second step.
            assertError(server.postJson("/auth", loginBody("ana", "wrong password")), 401, "invalid_credentials");
            HttpResponse<String> first = server.postJson("/auth", loginBody("ana", PASSWORD));
            assertError(first, 401, "mfa_required");
            assertEquals("no-store", first.headers().firstValue("cache-control").orElse(""), "it carries a token");
            JsonNode challenge = json(first);
            assertFalse(challenge.has("token"), "no access token before the second step");
            assertEquals(List.of("totp", "recovery_code"), List.of(challenge.get("methods").get(0).asText(),
                    challenge.get("methods").get(1).asText()));
            assertEquals(300, challenge.get("expires_in").asInt());
            String mfaToken = challenge.get("mfa_token").asText();

            // RFC 6238 section 5.2: the code that confirmed the factor is not accepted again in its window.
            assertError(secondStep(server, mfaToken, "code", confirmingCode), 401, "invalid_code");
            clock.advance(Duration.ofSeconds(30));
            String code = app.codeAt(clock.instant());
            HttpResponse<String> done = secondStep(server, mfaToken, "code", code);
            assertEquals(200, done.statusCode(), done.body());
            JsonNode grant = json(done);
            String otpAccess = grant.get("token").asText();
            assertEquals(List.of("pwd", "otp"), JWT.decode(otpAccess).getClaim("amr").asList(String.class));
            assertEquals("pwd,otp", server.verify("Bearer " + otpAccess).headers().firstValue("X-Auth-AMR")
                    .orElse(""));
            // A location that asks for a second factor: RFC 9470's challenge for a password-only token.
            HttpResponse<String> weak = server.send(HttpRequest.newBuilder(server.uri("/auth/verify?amr=otp"))
                    .header("Authorization", "Bearer " + access).build());
            assertEquals(401, weak.statusCode());
            assertTrue(weak.headers().firstValue("WWW-Authenticate").orElse("")
                    .contains("error=\"insufficient_user_authentication\""), weak.headers().map().toString());
            HttpResponse<String> strong = server.send(HttpRequest.newBuilder(server.uri("/auth/verify?amr=otp"))
                    .header("Authorization", "Bearer " + otpAccess).build());
            assertEquals(200, strong.statusCode());
            assertEquals("otp", json(strong).get("amr").get(1).asText());
            assertError(secondStep(server, mfaToken, "code", code), 401, "invalid_token");
            assertError(secondStep(server, mfaToken(server, "ana"), "code", code), 401, "invalid_code");

            // The session keeps how it began: a refreshed access token still says pwd and otp.
            HttpResponse<String> refreshed = server.postJson("/auth/refresh", "{\"refresh_token\":\""
                    + grant.get("refresh_token").asText() + "\"}");
            assertEquals(List.of("pwd", "otp"), JWT.decode(json(refreshed).get("token").asText()).getClaim("amr")
                    .asList(String.class));

            // Recovery codes: single use, any case and spacing.
            String recovery = codes.get(0).asText();
            HttpResponse<String> recovered = secondStep(server, mfaToken(server, "ana"), "recovery_code",
                    recovery.toUpperCase(java.util.Locale.ROOT));
            assertEquals(200, recovered.statusCode(), recovered.body());
            assertError(secondStep(server, mfaToken(server, "ana"), "recovery_code", recovery), 401, "invalid_code");
        }
    }

    @Test
    void malformedSecondStepsGetTheirErrors() throws Exception {
        try (RunningServer server = start(RunningServer.UNTHROTTLED)) {
            server.addUser("bo", PASSWORD);
            AuthenticatorApp app = enrol(server, "bo");
            String mfaToken = mfaToken(server, "bo");
            assertError(server.postJson("/auth/mfa", "{\"mfa_token\":\"" + mfaToken + "\",\"code\":\"123456\","
                    + "\"recovery_code\":\"aaaa-bbbb-cccc-dddd\"}"), 400, "invalid_request");
            assertError(server.postJson("/auth/mfa", "{\"mfa_token\":\"" + mfaToken + "\"}"), 400, "invalid_request");
            assertError(server.postJson("/auth/mfa", "{\"code\":\"123456\"}"), 400, "invalid_request");
            assertError(server.postJson("/auth/mfa", "{\"mfa_token\":\"" + mfaToken + "\",\"code\":\"" + "9".repeat(65)
                    + "\"}"), 400, "invalid_request");
            assertError(secondStep(server, "not-a-token", "code", "123456"), 401, "invalid_token");
            assertError(secondStep(server, mfaToken, "code", "12345x"), 401, "invalid_code");
            // The wrong codes left the token valid; five minutes later it is not.
            clock.advance(Duration.ofMinutes(5).plusSeconds(1));
            assertError(secondStep(server, mfaToken, "code", app.codeAt(clock.instant())), 401, "invalid_token");
        }
    }

    /**
     * The MFA token carries its challenge sealed (AES-GCM under the key-encryption keys): the first step writes
     * nothing, and only the spending is stored, under the challenge's id. A token has one spelling (SecretKeysTest
     * covers the base64 one), so that no second spelling of a spent token could be spent again.
     */
    @Test
    void theFirstStepWritesNothingAndATokenIsSpentUnderOneSpellingOnly() throws Exception {
        try (RunningServer server = start(RunningServer.UNTHROTTLED)) {
            server.addUser("cy", PASSWORD);
            AuthenticatorApp app = enrol(server, "cy");
            String mfaToken = mfaToken(server, "cy");
            assertEquals(0, spentChallenges(server), "the first step stores nothing");
            assertTrue(mfaToken.matches("v1\\.[0-9a-f]{8}\\.[A-Za-z0-9_-]+"), mfaToken);

            String colons = mfaToken.replace('.', ':');
            assertError(secondStep(server, colons, "code", app.codeAt(clock.instant())), 401, "invalid_token");
            String body = mfaToken.substring(mfaToken.lastIndexOf('.') + 1);
            char middle = body.charAt(body.length() / 2);
            String altered = mfaToken.substring(0, mfaToken.length() - body.length() / 2 - 1)
                    + (middle == 'A' ? 'B' : 'A') + mfaToken.substring(mfaToken.length() - body.length() / 2);
            assertError(secondStep(server, altered, "code", app.codeAt(clock.instant())), 401, "invalid_token");
            assertEquals(0, spentChallenges(server), "refused spellings spend nothing");

            assertEquals(200, secondStep(server, mfaToken, "code", app.codeAt(clock.instant())).statusCode());
            assertEquals(1, spentChallenges(server));
            clock.advance(Duration.ofSeconds(30));
            assertError(secondStep(server, mfaToken, "code", app.codeAt(clock.instant())), 401, "invalid_token");
        }
    }

    private static int spentChallenges(RunningServer server) throws Exception {
        try (java.sql.Connection c = server.database().dataSource().getConnection();
                java.sql.ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM auth_mfa_challenges")) {
            r.next();
            return r.getInt(1);
        }
    }

    @Test
    void guessingCodesIsThrottledPerAccountApartFromThePassword() throws Exception {
        Settings throttled = Settings.builder().setAll(RunningServer.UNTHROTTLED)
                .set(CoreSettings.THROTTLE_ACCOUNT_FREE, 3)
                .set(CoreSettings.THROTTLE_ACCOUNT_BASE_DELAY, Duration.ofMinutes(10))
                .set(CoreSettings.THROTTLE_ACCOUNT_MAX_DELAY, Duration.ofMinutes(10)).build();
        try (RunningServer server = start(throttled)) {
            server.addUser("cy", PASSWORD);
            AuthenticatorApp app = enrol(server, "cy");
            String mfaToken = mfaToken(server, "cy");
            String wrong = app.codeAt(clock.instant().minus(Duration.ofHours(2)));
            for (int i = 0; i < 3; i++) {
                assertError(secondStep(server, mfaToken, "code", wrong), 401, "invalid_code");
            }
            HttpResponse<String> refused = secondStep(server, mfaToken, "code", app.codeAt(clock.instant()));
            assertError(refused, 429, "too_many_attempts");
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());
            // A right password neither lifts the code throttle nor is held back by it.
            String again = mfaToken(server, "cy");
            assertError(secondStep(server, again, "code", app.codeAt(clock.instant())), 429, "too_many_attempts");
            clock.advance(Duration.ofMinutes(11));
            assertEquals(200, secondStep(server, mfaToken(server, "cy"), "code", app.codeAt(clock.instant()))
                    .statusCode());
        }
    }

    @Test
    void removingRenewingAndTheAdminReset() throws Exception {
        try (RunningServer server = start(RunningServer.UNTHROTTLED)) {
            server.addUser("di", PASSWORD);
            server.addUser("root", "root password long", "admin");
            AuthenticatorApp app = enrol(server, "di");
            String access = secondStepToken(server, app, "di");

            assertError(call(server, "POST", "/auth/mfa/recovery-codes", access, "{\"password\":\"nope\"}"), 401,
                    "invalid_credentials");
            HttpResponse<String> renewed = call(server, "POST", "/auth/mfa/recovery-codes", access,
                    "{\"password\":\"" + PASSWORD + "\"}");
            assertEquals(200, renewed.statusCode(), renewed.body());
            assertEquals(10, json(renewed).get("recovery_codes").size());

            clock.advance(Duration.ofSeconds(30));
            assertError(call(server, "DELETE", "/auth/mfa/totp", access, "{\"password\":\"" + PASSWORD
                    + "\",\"code\":\"000000x\"}"), 401, "invalid_code");
            HttpResponse<String> removed = call(server, "DELETE", "/auth/mfa/totp", access, "{\"password\":\""
                    + PASSWORD + "\",\"code\":\"" + app.codeAt(clock.instant()) + "\"}");
            assertEquals(204, removed.statusCode(), removed.body());
            assertEquals(200, server.postJson("/auth", loginBody("di", PASSWORD)).statusCode(), "password alone again");
            assertError(call(server, "POST", "/auth/mfa/recovery-codes", access, "{\"password\":\"" + PASSWORD
                    + "\"}"), 409, "conflict");

            clock.advance(Duration.ofSeconds(30));
            AuthenticatorApp again = enrol(server, "di");
            String admin = token(server, "root", "root password long");
            assertEquals(403, call(server, "DELETE", "/admin/users/di/mfa", access, "").statusCode(),
                    "not for a user without the admin role");
            HttpResponse<String> session = secondStep(server, mfaToken(server, "di"), "code",
                    again.codeAt(clock.instant()));
            String refresh = json(session).get("refresh_token").asText();
            assertEquals(204, call(server, "DELETE", "/admin/users/di/mfa", admin, "").statusCode());
            assertError(server.postJson("/auth/refresh", "{\"refresh_token\":\"" + refresh + "\"}"), 401,
                    "invalid_token");
            assertEquals(404, call(server, "DELETE", "/admin/users/nobody/mfa", admin, "").statusCode());
            assertEquals(200, server.postJson("/auth", loginBody("di", PASSWORD)).statusCode(), "reset");
        }
    }

    private String secondStepToken(RunningServer server, AuthenticatorApp app, String user) throws Exception {
        HttpResponse<String> done = secondStep(server, mfaToken(server, user), "code", app.codeAt(clock.instant()));
        assertEquals(200, done.statusCode(), done.body());
        return json(done).get("token").asText();
    }

    @Test
    void aSessionBegunBeforeItsRoleRequiredASecondFactorIsNotRefreshed() throws Exception {
        Settings required = Settings.builder().setAll(RunningServer.UNTHROTTLED)
                .set(CoreSettings.MFA_REQUIRED_ROLES, List.of("ops")).build();
        try (io.netauth.core.testing.TestDatabases.PostgresSchema schema =
                        io.netauth.core.testing.TestDatabases.postgresSchema();
                RunningServer before = RunningServer.builder().database(schema.settings()).start();
                RunningServer after = RunningServer.builder().database(schema.settings())
                        .config(b -> b.settings(required)).start()) {
            before.addUser("gil", PASSWORD, "ops");
            String refresh = json(before.postJson("/auth", loginBody("gil", PASSWORD))).get("refresh_token").asText();
            assertError(after.postJson("/auth/refresh", "{\"refresh_token\":\"" + refresh + "\"}"), 401,
                    "invalid_token");
            assertError(after.postJson("/auth", loginBody("gil", PASSWORD)), 401, "mfa_enrollment_required");
        }
    }

    @Test
    void aRoleThatRequiresASecondFactorLetsItsHoldersOnlyEnrol() throws Exception {
        Settings settings = Settings.builder().setAll(RunningServer.UNTHROTTLED)
                .set(CoreSettings.MFA_REQUIRED_ROLES, List.of("ops")).build();
        try (RunningServer server = start(settings)) {
            server.addUser("eve", PASSWORD, "ops");
            server.addUser("fay", PASSWORD, "staff");
            assertEquals(200, server.postJson("/auth", loginBody("fay", PASSWORD)).statusCode(), "other roles");

            HttpResponse<String> first = server.postJson("/auth", loginBody("eve", PASSWORD));
            assertError(first, 401, "mfa_enrollment_required");
            String enrolment = json(first).get("mfa_token").asText();
            assertEquals("totp_enrolment", json(first).get("methods").get(0).asText());
            assertEquals(401, server.verify("Bearer " + enrolment).statusCode(), "not an access token");
            assertError(secondStep(server, enrolment, "code", "123456"), 401, "invalid_token");

            HttpResponse<String> begun = server.postJson("/auth/mfa/totp", "{\"mfa_token\":\"" + enrolment + "\"}");
            assertEquals(200, begun.statusCode(), begun.body());
            AuthenticatorApp app = AuthenticatorApp.scan(json(begun).get("otpauth_uri").asText());
            HttpResponse<String> confirmed = server.postJson("/auth/mfa/totp/confirm", "{\"mfa_token\":\""
                    + enrolment + "\",\"code\":\"" + app.codeAt(clock.instant()) + "\"}");
            assertEquals(200, confirmed.statusCode(), confirmed.body());
            JsonNode signedIn = json(confirmed);
            assertEquals(10, signedIn.get("recovery_codes").size());
            assertEquals("pwd,otp", server.verify("Bearer " + signedIn.get("token").asText()).headers()
                    .firstValue("X-Auth-AMR").orElse(""));
            assertError(server.postJson("/auth/mfa/totp", "{\"mfa_token\":\"" + enrolment + "\"}"), 401,
                    "invalid_token");
            clock.advance(Duration.ofSeconds(30));
            assertEquals(200, secondStep(server, mfaToken(server, "eve"), "code", app.codeAt(clock.instant()))
                    .statusCode(), "from now on, a login with the factor");
        }
    }
}
