package io.netauth.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netauth.core.LoginThrottle;
import io.netauth.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The throttling rules, for every {@link LoginThrottle}; one subclass per implementation and database. */
abstract class LoginThrottleContract {

    static final LoginThrottle.Policy ACCOUNT =
            new LoginThrottle.Policy(2, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(5));
    static final LoginThrottle.Policy CLIENT =
            new LoginThrottle.Policy(4, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(5));

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));

    /** A throttle with {@link #ACCOUNT} and {@link #CLIENT}; a second call may share its counters (or not). */
    abstract LoginThrottle throttle();

    Duration wait(LoginThrottle t, String account, String client) {
        return t.retryAfter(account, client).toCompletableFuture().join();
    }

    @Test
    void freeFailuresThenDoublingDelaysUpToTheMaximum() {
        LoginThrottle t = throttle();
        t.failed("alice", "1.1.1.1");
        t.failed("alice", "1.1.1.2");
        assertEquals(Duration.ZERO, wait(t, "alice", "9.9.9.9"));
        t.failed("alice", "1.1.1.3");
        assertEquals(Duration.ofSeconds(1), wait(t, "alice", "9.9.9.9"));
        t.failed("alice", "1.1.1.4");
        assertEquals(Duration.ofSeconds(2), wait(t, "alice", "9.9.9.9"));
        for (int i = 0; i < 10; i++) {
            t.failed("alice", "2.2.2." + i);
        }
        assertEquals(Duration.ofSeconds(8), wait(t, "alice", "9.9.9.9"));
        clock.advance(Duration.ofSeconds(8));
        assertEquals(Duration.ZERO, wait(t, "alice", "9.9.9.9"));
    }

    @Test
    void successResetsTheAccountButNotTheClient() {
        LoginThrottle t = throttle();
        for (int i = 0; i < 5; i++) {
            t.failed("bob", "3.3.3.3");
        }
        t.succeeded("bob");
        assertEquals(Duration.ZERO, wait(t, "bob", "4.4.4.4"));
        assertEquals(Duration.ofSeconds(1), wait(t, "someone", "3.3.3.3"));
    }

    @Test
    void countersAreForgottenAfterTheirWindow() {
        LoginThrottle t = throttle();
        for (int i = 0; i < 3; i++) {
            t.failed("carol", "5.5.5." + i);
        }
        assertEquals(Duration.ofSeconds(1), wait(t, "carol", "6.6.6.6"));
        clock.advance(Duration.ofMinutes(5));
        t.failed("carol", "5.5.5.9");
        assertEquals(Duration.ZERO, wait(t, "carol", "6.6.6.6"), "the old failures no longer count");
    }
}
