package io.netauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import io.netauth.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The throttling rules, for every {@link LoginThrottle}; one subclass per implementation and database. */
public abstract class LoginThrottleContract {

    /** Accounts: 2 free failures; client addresses: 4; delays from 1 s to 8 s, forgotten after 5 minutes. */
    protected static final Settings POLICIES = Settings.builder()
            .set(CoreSettings.THROTTLE_ACCOUNT_FREE, 2)
            .set(CoreSettings.THROTTLE_ACCOUNT_BASE_DELAY, Duration.ofSeconds(1))
            .set(CoreSettings.THROTTLE_ACCOUNT_MAX_DELAY, Duration.ofSeconds(8))
            .set(CoreSettings.THROTTLE_ACCOUNT_FORGET_AFTER, Duration.ofMinutes(5))
            .set(CoreSettings.THROTTLE_CLIENT_FREE, 4)
            .set(CoreSettings.THROTTLE_CLIENT_BASE_DELAY, Duration.ofSeconds(1))
            .set(CoreSettings.THROTTLE_CLIENT_MAX_DELAY, Duration.ofSeconds(8))
            .set(CoreSettings.THROTTLE_CLIENT_FORGET_AFTER, Duration.ofMinutes(5))
            .build();

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));

    /** A throttle with {@link #POLICIES}; a second call may share its counters (or not). */
    protected abstract LoginThrottle throttle();

    protected Duration wait(LoginThrottle t, String account, String client) {
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
