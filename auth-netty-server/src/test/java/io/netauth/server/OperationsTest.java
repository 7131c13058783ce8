package io.netauth.server;

import static io.netauth.server.LoginContractTest.json;
import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netauth.server.testing.RunningServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Health and metrics: on the main port health says up or down and nothing more, and /metrics needs the metrics
 * token; the management port (loopback, a free port by default) has both in full.
 */
class OperationsTest {

    private static HttpResponse<String> get(RunningServer s, int port, String path) {
        return s.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build());
    }

    private static double sample(String metrics, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void liveAndReadyAnswerUpWithTheirChecksOnTheManagementPortAndNothingMoreOnTheMainPort() throws Exception {
        try (RunningServer s = RunningServer.start()) {
            int management = s.server().managementPort();
            for (int port : new int[] {s.port(), management}) {
                HttpResponse<String> live = get(s, port, "/health/live");
                assertEquals(200, live.statusCode());
                assertEquals("UP", json(live).get("status").asText());
            }
            for (String path : new String[] {"/health/ready", "/health"}) {
                HttpResponse<String> brief = get(s, s.port(), path);
                assertEquals(200, brief.statusCode(), brief.body());
                assertEquals("{\"status\":\"UP\"}", brief.body(), "the public port names no check");
                HttpResponse<String> ready = get(s, management, path);
                assertEquals(200, ready.statusCode(), ready.body());
                JsonNode body = json(ready);
                assertEquals("UP", body.get("status").asText());
                assertEquals("UP", body.get("checks").get("database").asText());
                assertEquals("UP", body.get("checks").get("signing_key").asText());
            }
        }
    }

    @Test
    void readinessIsDownAndNamesTheCheckWhenTheDatabaseIsGone() throws Exception {
        try (RunningServer s = RunningServer.start()) {
            s.database().close();
            HttpResponse<String> ready = get(s, s.server().managementPort(), "/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertEquals("DOWN", json(ready).get("status").asText());
            assertEquals("DOWN", json(ready).get("checks").get("database").asText());
            HttpResponse<String> brief = get(s, s.port(), "/health/ready");
            assertEquals(503, brief.statusCode());
            assertEquals("{\"status\":\"DOWN\"}", brief.body());
            assertEquals(200, get(s, s.port(), "/health/live").statusCode(), "the process still answers");
        }
    }

    /**
     * A steady prober is answered from the last run of the checks, which run at most once a second; a probe
     * after a quiet spell of more than two seconds waits for a fresh run, and sees what it finds.
     */
    @Test
    void readinessChecksRunAtMostOnceASecondAndNeverAnswerOlderThanTwo() throws Exception {
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (RunningServer s = RunningServer.builder().readinessCheck("counted", () -> {
            runs.incrementAndGet();
            return up.get();
        }).start()) {
            long started = System.nanoTime();
            int probes = 0;
            while (System.nanoTime() - started < java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(900)) {
                assertEquals(200, get(s, s.port(), "/health/ready").statusCode());
                probes++;
            }
            assertTrue(probes > 20, "probes: " + probes);
            assertEquals(1, runs.get(), "one run for " + probes + " probes within a second");

            up.set(false);
            Thread.sleep(2_100);
            HttpResponse<String> fresh = get(s, s.server().managementPort(), "/health/ready");
            assertEquals(503, fresh.statusCode(), "a result over two seconds old is not answered: " + fresh.body());
            assertEquals("DOWN", json(fresh).get("checks").get("counted").asText());
            assertEquals(2, runs.get());
        }
    }

    /**
     * Under argon2id the start hashes nothing: the hash an unknown user's password is checked against is made
     * without hashing (through the timing decorator too). Its login still pays one verification.
     */
    @Test
    void theStartHashesNothingAndAnUnknownUserStillCostsOneHash() throws Exception {
        try (RunningServer s = RunningServer.start()) {
            int management = s.server().managementPort();
            assertEquals(0.0, sample(get(s, management, "/metrics").body(), "netauth_password_hash_seconds_count"));
            assertEquals(401, s.postJson("/auth", loginBody("nobody", "correct horse")).statusCode());
            assertEquals(1.0, sample(get(s, management, "/metrics").body(), "netauth_password_hash_seconds_count"));
        }
    }

    @Test
    void metricsMoveWithTraffic() throws Exception {
        try (RunningServer s = RunningServer.start()) {
            s.addUser("alice", "correct horse");
            String token = json(s.postJson("/auth", loginBody("alice", "correct horse"))).get("token").asText();
            s.postJson("/auth", loginBody("alice", "wrong"));
            s.verify("Bearer " + token);
            s.verify("Bearer " + token);
            get(s, s.port(), "/random-" + System.nanoTime());

            HttpResponse<String> scrape = get(s, s.server().managementPort(), "/metrics");
            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
            String m = scrape.body();
            assertEquals(1.0, sample(m, "netauth_logins_total{outcome=\"success\"}"), m);
            assertEquals(1.0, sample(m, "netauth_logins_total{outcome=\"invalid_credentials\"}"));
            assertEquals(1.0, sample(m, "netauth_verify_cache_total{result=\"hit\"}"));
            assertEquals(1.0, sample(m, "netauth_verify_cache_total{result=\"miss\"}"));
            assertEquals(2.0, sample(m,
                    "netauth_http_requests_seconds_count{method=\"POST\",route=\"/auth\",status=\"401\"}")
                    + sample(m, "netauth_http_requests_seconds_count{method=\"POST\",route=\"/auth\",status=\"200\"}"));
            assertEquals(1.0, sample(m,
                    "netauth_http_requests_seconds_count{method=\"GET\",route=\"other\",status=\"404\"}"),
                    "unknown paths share one label value");
            assertTrue(m.contains("netauth_http_requests_seconds_bucket{"), "latency histograms");
            assertTrue(sample(m, "netauth_password_hash_seconds_count") >= 2, "hash time");
            assertTrue(m.contains("netauth_executor_queue{executor=\"hashing\"}"));
            assertTrue(m.contains("jvm_memory_used_bytes"));
            assertTrue(m.contains("netty_allocator_memory_used"));
        }
    }

    @Test
    void metricsAreNotPublicByDefaultAndNeedTheTokenOnTheMainPort() throws Exception {
        try (RunningServer s = RunningServer.start()) {
            int management = s.server().managementPort();
            assertTrue(management > 0 && management != s.port());
            // the login counters would tell a credential-stuffing attacker how it goes
            assertEquals(404, get(s, s.port(), "/metrics").statusCode());
            assertEquals(200, get(s, management, "/metrics").statusCode());
            assertEquals(404, get(s, management, "/auth/verify").statusCode(), "only health and metrics there");
        }
        try (RunningServer s = RunningServer.builder().config(b -> b.set(ServerSettings.METRICS_TOKEN, "scrape-me")
                .managementPort(-1)).start()) {
            assertEquals(-1, s.server().managementPort(), "none opened");
            HttpResponse<String> none = get(s, s.port(), "/metrics");
            assertEquals(401, none.statusCode());
            assertEquals("Bearer error=\"invalid_token\"", none.headers().firstValue("www-authenticate").orElse(""));
            HttpResponse<String> wrong = s.send(HttpRequest.newBuilder(s.uri("/metrics"))
                    .header("Authorization", "Bearer scrape-you").build());
            assertEquals(401, wrong.statusCode());
            HttpResponse<String> scrape = s.send(HttpRequest.newBuilder(s.uri("/metrics"))
                    .header("Authorization", "Bearer scrape-me").build());
            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.body().contains("netauth_logins_total"), scrape.body());
        }
    }

    /** The management port listens on management-host, loopback by default. */
    @Test
    void theManagementPortListensOnLoopbackByDefault() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.netauth.core.testing.ListeningSockets.available());
        try (RunningServer s = RunningServer.start()) {
            var sockets = io.netauth.core.testing.ListeningSockets.onPort(s.server().managementPort());
            assertTrue(!sockets.isEmpty() && sockets.stream().allMatch(a -> a.getAddress().isLoopbackAddress()),
                    sockets.toString());
        }
    }
}
