package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netauth.core.secret.SecretKeys;
import io.netauth.core.testing.AuthenticatorApp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TOTP across server processes on one PostgreSQL database: a code accepted by one process is refused by every
 * other (RFC 6238 section 5.2), of two processes racing with one code exactly one wins, an MFA token spent on one
 * is spent for all, an acknowledged enrolment survives {@code kill -9}, and the key rotation cycle (rotate, rewrap,
 * drop the old key, restart) keeps the factor working.
 */
class MfaTwoProcessIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";
    private static final String OLD_KEY = SecretKeys.generateKey();
    private static final String NEW_KEY = SecretKeys.generateKey();

    private PostgresRunners runners;

    @BeforeEach
    void database() {
        runners = new PostgresRunners();
    }

    @AfterEach
    void stop() throws Exception {
        runners.close();
    }

    private RunnerProcess start(String keys) throws Exception {
        return runners.startWithKeys(keys);
    }

    @Test
    void aCodeAcceptedByOneProcessIsRefusedByTheOther() throws Exception {
        List<String> add = new ArrayList<>(List.of("users", "add", "ana", "--password-stdin"));
        add.addAll(runners.db(OLD_KEY));
        assertEquals(0, RunnerProcess.cli(PASSWORD + "\n", add));
        RunnerProcess a = start(OLD_KEY);
        RunnerProcess b = start(OLD_KEY);

        String access = json(a.login("ana", PASSWORD)).get("token").asText();
        HttpResponse<String> begun = post(a, "/auth/mfa/totp", access, "{\"password\":\"" + PASSWORD + "\"}");
        assertEquals(200, begun.statusCode(), begun.body());
        AuthenticatorApp app = AuthenticatorApp.scan(json(begun).get("otpauth_uri").asText());

        // The steps s-1, s and s+1 are all in the window while the servers' step is s: start early in a step.
        long intoStep = Instant.now().getEpochSecond() % 30;
        if (intoStep > 12) {
            Thread.sleep((30 - intoStep) * 1000 + 200);
        }
        Instant now = Instant.now();
        String previous = app.codeAt(now.minusSeconds(30));
        String current = app.codeAt(now);
        String next = app.codeAt(now.plusSeconds(30));
        HttpResponse<String> confirmed = post(a, "/auth/mfa/totp/confirm", access, "{\"code\":\"" + previous + "\"}");
        assertEquals(200, confirmed.statusCode(), confirmed.body());

        // Acknowledged means durable: after a kill -9 of A, B and a new process see the factor.
        runners.kill(a);
        RunnerProcess c = start(OLD_KEY);

        // Two processes, one code, at once: exactly one accepts it.
        String onB = mfaToken(b);
        String onC = mfaToken(c);
        CompletableFuture<HttpResponse<String>> raceB = CompletableFuture.supplyAsync(() -> secondStep(b, onB, current));
        CompletableFuture<HttpResponse<String>> raceC = CompletableFuture.supplyAsync(() -> secondStep(c, onC, current));
        List<Integer> statuses = new ArrayList<>(List.of(raceB.get().statusCode(), raceC.get().statusCode()));
        statuses.sort(null);
        assertEquals(List.of(200, 401), statuses, raceB.get().body() + " / " + raceC.get().body());
        HttpResponse<String> loser = raceB.get().statusCode() == 401 ? raceB.get() : raceC.get();
        assertEquals("invalid_code", json(loser).get("error").asText());

        // A code used on B is refused on C; an MFA token spent on B is spent on C.
        String fresh = mfaToken(c);
        assertEquals(200, secondStep(b, fresh, next).statusCode());
        HttpResponse<String> spent = secondStep(c, fresh, next);
        assertEquals("invalid_token", json(spent).get("error").asText(), spent.body());
        HttpResponse<String> replayed = secondStep(c, mfaToken(c), next);
        assertEquals("invalid_code", json(replayed).get("error").asText(), replayed.body());
        assertEquals(401, secondStep(b, mfaToken(b), previous).statusCode(), "nor an earlier step");

        // Rotate the key-encryption key, rewrap, drop the old key, restart: the factor still works.
        runners.stopAll();
        List<String> rewrap = new ArrayList<>(List.of("keys", "rewrap"));
        rewrap.addAll(runners.db(NEW_KEY + "," + OLD_KEY));
        assertEquals(0, RunnerProcess.cli("", rewrap));
        RunnerProcess d = start(NEW_KEY);
        long spentUpTo = now.getEpochSecond() / 30 + 1;
        while (Instant.now().getEpochSecond() / 30 <= spentUpTo) {
            Thread.sleep(200); // every step up to s+1 is spent: wait for one that is not
        }
        HttpResponse<String> afterRewrap = secondStep(d, mfaToken(d), app.codeAt(Instant.now()));
        assertEquals(200, afterRewrap.statusCode(), afterRewrap.body());
    }

    private static String mfaToken(RunnerProcess server) throws Exception {
        HttpResponse<String> first = server.login("ana", PASSWORD);
        assertEquals(401, first.statusCode(), first.body());
        JsonNode body = json(first);
        assertEquals("mfa_required", body.get("error").asText());
        return body.get("mfa_token").asText();
    }

    private static HttpResponse<String> secondStep(RunnerProcess server, String mfaToken, String code) {
        try {
            return server.post("/auth/mfa", "{\"mfa_token\":\"" + mfaToken + "\",\"code\":\"" + code + "\"}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(RunnerProcess server, String path, String bearer, String body)
            throws Exception {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
