package io.netauth.server;

import static io.netauth.server.LoginContractTest.assertError;
import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.LoginOutcome;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import io.netauth.core.testing.MutableClock;
import io.netauth.server.testing.LogCapture;
import io.netauth.server.testing.RawHttp;
import io.netauth.server.testing.RunningServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Brute-force throttling, trusted proxies, connection and time limits, through a real server. */
class AbuseResistanceTest {

    /** Three free failures per account, then 2 s doubling up to 60 s; client addresses are not throttled. */
    private static final Settings THREE_FREE = throttle("account", 3);
    /** Three free failures per client address; accounts are not throttled. */
    private static final Settings THREE_FREE_PER_CLIENT = throttle("client", 3);

    private static Settings throttle(String kind, int free) {
        boolean account = kind.equals("account");
        return Settings.builder()
                .set(account ? CoreSettings.THROTTLE_ACCOUNT_FREE : CoreSettings.THROTTLE_CLIENT_FREE, free)
                .set(account ? CoreSettings.THROTTLE_ACCOUNT_BASE_DELAY : CoreSettings.THROTTLE_CLIENT_BASE_DELAY,
                        Duration.ofSeconds(2))
                .set(account ? CoreSettings.THROTTLE_ACCOUNT_MAX_DELAY : CoreSettings.THROTTLE_CLIENT_MAX_DELAY,
                        Duration.ofSeconds(60))
                .set(account ? CoreSettings.THROTTLE_CLIENT_FREE : CoreSettings.THROTTLE_ACCOUNT_FREE, 1000)
                .build();
    }

    private static RunningServer throttled(MutableClock clock, Settings throttle, List<String> proxies) {
        return RunningServer.builder().config(b -> b.settings(throttle).trustedProxies(proxies)).clock(clock).start();
    }

    private static HttpResponse<String> login(RunningServer s, String user, String password, String forwardedFor) {
        HttpRequest.Builder r = HttpRequest.newBuilder(s.uri("/auth")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(loginBody(user, password)));
        if (forwardedFor != null) {
            r.header("X-Forwarded-For", forwardedFor);
        }
        return s.send(r.build());
    }

    @Test
    void anAccountIsThrottledWithGrowingDelaysAndACorrectPasswordWaitsToo() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (RunningServer s = throttled(clock, THREE_FREE, List.of()); LogCapture logs = LogCapture.start()) {
            s.addUser("alice", "correct horse");
            for (int i = 0; i < 3; i++) {
                assertError(login(s, "alice", "wrong", null), 401, "invalid_credentials");
            }
            // Three free guesses: the fourth attempt waits, even with the right password.
            HttpResponse<String> locked = login(s, "alice", "correct horse", null);
            assertError(locked, 429, "too_many_attempts");
            assertEquals("2", locked.headers().firstValue("retry-after").orElse(""));
            // Variants of the name share the counter.
            assertError(login(s, "ALICE", "correct horse", null), 429, "too_many_attempts");
            assertError(login(s, "\uFF21\uFF4C\uFF49\uFF43\uFF45", "correct horse", null), 429, "too_many_attempts");

            clock.advance(Duration.ofSeconds(2));
            assertError(login(s, "alice", "wrong", null), 401, "invalid_credentials"); // the 4th guess
            assertEquals("4", login(s, "alice", "correct horse", null).headers().firstValue("retry-after")
                    .orElse(""), "the delay doubles");
            clock.advance(Duration.ofSeconds(4));
            assertEquals(200, login(s, "alice", "correct horse", null).statusCode());
            // Success resets the account: three more free attempts, the third of them the right one.
            for (int i = 0; i < 2; i++) {
                assertError(login(s, "alice", "wrong", null), 401, "invalid_credentials");
            }
            assertEquals(200, login(s, "alice", "correct horse", null).statusCode());
            // A throttled attempt was never looked up, so its name is not known to be an account: a digest.
            assertTrue(logs.text().matches("(?s).*login outcome=throttled user=#[0-9a-f]{16} .*"), logs.text());
            assertTrue(logs.text().contains("login outcome=success user=\"alice\""), logs.text());
            assertEquals(6, s.server().loginOutcomes().count(LoginOutcome.INVALID_CREDENTIALS));
            assertEquals(4, s.server().loginOutcomes().count(LoginOutcome.THROTTLED));
            assertEquals(2, s.server().loginOutcomes().count(LoginOutcome.SUCCESS));
        }
    }

    /** Forty wrong guesses for one account sent at once: only the free allowance reaches the hash. */
    @Test
    void parallelGuessesCannotOutrunTheThrottle() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (RunningServer s = throttled(clock, THREE_FREE, List.of())) {
            s.addUser("alice", "correct horse");
            List<HttpResponse<String>> answers = RunningServer.concurrently(40,
                    i -> login(s, "alice", "wrong " + i, null));
            assertEquals(3, answers.stream().filter(r -> r.statusCode() == 401).count(), "three guesses checked");
            assertEquals(37, answers.stream().filter(r -> r.statusCode() == 429).count(), "the rest refused");
            assertEquals(3, s.server().loginOutcomes().count(LoginOutcome.INVALID_CREDENTIALS));
        }
    }

    @Test
    void throttlingTellsNothingAboutWhetherTheAccountExists() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (RunningServer s = throttled(clock, THREE_FREE, List.of())) {
            s.addUser("real", "correct horse");
            HttpResponse<String> realLocked = null;
            HttpResponse<String> ghostLocked = null;
            for (int i = 0; i < 5; i++) {
                realLocked = login(s, "real", "wrong", null);
                ghostLocked = login(s, "ghost", "wrong", null);
            }
            assertError(realLocked, 429, "too_many_attempts");
            assertEquals(realLocked.body(), ghostLocked.body());
            assertEquals(realLocked.headers().map(), ghostLocked.headers().map());
        }
    }

    @Test
    void aClientAddressIsThrottledAcrossAccounts() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (RunningServer s = throttled(clock, THREE_FREE_PER_CLIENT, List.of())) {
            for (int i = 0; i < 3; i++) {
                assertError(login(s, "user" + i, "wrong", null), 401, "invalid_credentials");
            }
            assertError(login(s, "someone-else", "pw", null), 429, "too_many_attempts");
        }
    }

    /** An office behind one NAT address: its people's successful logins never add up against the address. */
    @Test
    void successfulLoginsFromOneAddressAreNeverThrottled() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (RunningServer s = throttled(clock, THREE_FREE_PER_CLIENT, List.of())) {
            for (int i = 0; i < 10; i++) {
                s.addUser("member" + i, "correct horse");
                assertEquals(200, login(s, "member" + i, "correct horse", null).statusCode(), "member " + i);
            }
        }
    }

    @Test
    void forwardedForCountsOnlyFromTrustedProxies() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        // The test client connects from 127.0.0.1: first untrusted, then trusted as a proxy.
        try (RunningServer direct = throttled(clock, THREE_FREE_PER_CLIENT, List.of())) {
            for (int i = 0; i < 3; i++) {
                login(direct, "u" + i, "wrong", "203.0.113." + i); // a spoofed header changes nothing
            }
            assertError(login(direct, "x", "pw", "198.51.100.7"), 429, "too_many_attempts");
        }
        try (RunningServer proxied = throttled(clock, THREE_FREE_PER_CLIENT, List.of("127.0.0.0/8", "10.0.0.0/8"));
                LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < 4; i++) {
                login(proxied, "u" + i, "wrong", "203.0.113.9, 10.1.2.3");
            }
            assertError(login(proxied, "x", "pw", "203.0.113.9"), 429, "too_many_attempts");
            assertEquals(401, login(proxied, "x", "pw", "198.51.100.7").statusCode(), "another client is free");
            assertTrue(logs.text().contains("client=203.0.113.9"), logs.text());
        }
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareOneBudgetAndMappedIpv4CountsAsIpv4() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (RunningServer proxied = throttled(clock, THREE_FREE_PER_CLIENT, List.of("127.0.0.0/8"))) {
            // A client given 2001:db8:1:2::/64 (RFC 6177 section 2) tries a fresh address for each guess.
            for (int i = 1; i <= 3; i++) {
                assertError(login(proxied, "u" + i, "wrong", "2001:db8:1:2::" + Integer.toHexString(i * 4099)), 401,
                        "invalid_credentials");
            }
            assertError(login(proxied, "x", "pw", "2001:db8:1:2:ffff:ffff:ffff:fffe"), 429, "too_many_attempts");
            assertError(login(proxied, "x", "pw", "2001:DB8:1:2:0:0:0:1"), 429, "too_many_attempts");
            assertEquals(401, login(proxied, "x", "pw", "2001:db8:1:3::1").statusCode(), "the next /64 is another client");

            // RFC 4291 section 2.5.5.2: ::ffff:198.51.100.7 is the IPv4 client 198.51.100.7.
            for (int i = 0; i < 3; i++) {
                login(proxied, "v" + i, "wrong", "::ffff:198.51.100.7");
            }
            assertError(login(proxied, "x", "pw", "198.51.100.7"), 429, "too_many_attempts");
        }
    }

    @Test
    void connectionsBeyondTheCapGetA503AndAreClosed() throws Exception {
        try (RunningServer s = RunningServer.builder().config(b -> b.maxConnections(2)).start();
                RawHttp first = new RawHttp(s.port()); RawHttp second = new RawHttp(s.port())) {
            assertEquals(404, first.write("GET /x HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
            assertEquals(404, second.write("GET /x HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
            try (RawHttp third = new RawHttp(s.port())) {
                RawHttp.Response refused = third.read();
                assertEquals(503, refused.status());
                assertTrue(refused.body().contains("\"overloaded\""), refused.body());
                assertTrue(third.closedByServer());
            }
        }
    }

    @Test
    void aSlowlorisDrippingHeadersIsCutOff() throws Exception {
        try (RunningServer s = RunningServer.builder().config(b -> b.requestTimeout(Duration.ofMillis(800))).start();
                RawHttp slow = new RawHttp(s.port())) {
            slow.write("GET /x HTTP/1.1\r\n");
            // A header line every 100 ms keeps the connection busy, so no idle timer would ever fire; drip until
            // the server answers (the 0.8 s deadline), at most 5 s.
            for (int i = 0; i < 50 && !slow.hasBytes(); i++) {
                slow.write("X-Drip-" + i + ": a\r\n");
                Thread.sleep(100);
            }
            RawHttp.Response cut = slow.read();
            assertEquals(408, cut.status());
            assertTrue(cut.body().contains("\"request_timeout\""), cut.body());
            assertTrue(slow.closedByServer());
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        try (RunningServer s = RunningServer.builder().config(b -> b.idleTimeout(Duration.ofSeconds(1))).start();
                RawHttp idle = new RawHttp(s.port())) {
            assertEquals(404, idle.write("GET /x HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
            assertTrue(idle.closedByServer());
        }
    }

    @Test
    void invalidChunkSizesAreABadRequestAndClose() throws Exception {
        try (RunningServer s = RunningServer.start(); RawHttp http = new RawHttp(s.port())) {
            RawHttp.Response r = http.write("POST /auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n").read();
            assertEquals(400, r.status(), r.body());
            assertTrue(http.closedByServer());
        }
    }
}
