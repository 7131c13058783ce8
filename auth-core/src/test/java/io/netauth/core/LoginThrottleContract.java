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

    /** One attempt: {@link Duration#ZERO} when admitted (and counted), else the wait. */
    protected Duration admit(LoginThrottle t, String account, String client) {
        return t.admit(account, client).toCompletableFuture().join();
    }

    @Test
    void freeAttemptsThenDoublingDelaysFromTheLastAttemptUpToTheMaximum() {
        LoginThrottle t = throttle();
        assertEquals(Duration.ZERO, admit(t, "alice", "1.1.1.1"));
        assertEquals(Duration.ZERO, admit(t, "alice", "1.1.1.2"));
        assertEquals(Duration.ofSeconds(1), admit(t, "alice", "1.1.1.3"), "two free, then a delay");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Duration.ZERO, admit(t, "alice", "1.1.1.3"), "admitted once the delay has passed");
        assertEquals(Duration.ofSeconds(2), admit(t, "alice", "1.1.1.4"), "and the next delay doubles");
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(8));
            assertEquals(Duration.ZERO, admit(t, "alice", "2.2.2." + i));
        }
        assertEquals(Duration.ofSeconds(8), admit(t, "alice", "9.9.9.9"), "capped at the maximum");
    }

    @Test
    void aRefusedAttemptCountsNothing() {
        LoginThrottle t = throttle();
        admit(t, "bea", "1.1.1.1");
        admit(t, "bea", "1.1.1.1");
        for (int i = 0; i < 5; i++) {
            assertEquals(Duration.ofSeconds(1), admit(t, "bea", "1.1.1.1"), "the wait does not grow while refused");
        }
        assertEquals(Duration.ZERO, admit(t, "someone", "1.1.1.1"), "the address counted only two");
    }

    @Test
    void successResetsTheAccountAndTakesOnlyItsOwnAttemptOffTheAddress() {
        LoginThrottle t = throttle();
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(1));
            admit(t, "bob", "3.3.3.3");
        }
        t.succeeded("bob", "3.3.3.3").toCompletableFuture().join();
        assertEquals(Duration.ZERO, admit(t, "bob", "4.4.4.4"), "the account starts again");
        assertEquals(Duration.ZERO, admit(t, "someone", "3.3.3.3"), "the address had three left counting");
        assertEquals(Duration.ofSeconds(1), admit(t, "someone-else", "3.3.3.3"), "and now four again");
    }

    /** Many people behind one address (an office's NAT) log in all day: their successes never add up. */
    @Test
    void successfulLoginsFromOneAddressNeverAddUp() {
        LoginThrottle t = throttle();
        for (int i = 0; i < 50; i++) {
            assertEquals(Duration.ZERO, admit(t, "user" + i, "10.0.0.1"), "login " + i);
            t.succeeded("user" + i, "10.0.0.1").toCompletableFuture().join();
        }
    }

    @Test
    void anAttemptNeverCheckedIsGivenBack() {
        LoginThrottle t = throttle();
        admit(t, "dan", "7.7.7.7");
        admit(t, "dan", "7.7.7.7");
        t.unchecked("dan", "7.7.7.7").toCompletableFuture().join();
        assertEquals(Duration.ZERO, admit(t, "dan", "7.7.7.7"), "the account had one left");
    }

    @Test
    void countersAreForgottenAfterTheirWindow() {
        LoginThrottle t = throttle();
        for (int i = 0; i < 2; i++) {
            admit(t, "carol", "5.5.5." + i);
        }
        assertEquals(Duration.ofSeconds(1), admit(t, "carol", "6.6.6.6"));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(Duration.ZERO, admit(t, "carol", "6.6.6.6"), "the old attempts no longer count");
        assertEquals(Duration.ZERO, admit(t, "carol", "6.6.6.6"), "it starts again from one");
    }

    /** Forty attempts at once for one account: exactly the free allowance is admitted. */
    @Test
    void concurrentAttemptsCannotOutrunTheAllowance() throws Exception {
        LoginThrottle t = throttle();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<Duration>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String client = "8.8.8." + (i % 4);
                results.add(pool.submit(() -> {
                    go.await();
                    return admit(t, "erin", client);
                }));
            }
            go.countDown();
            int admitted = 0;
            for (java.util.concurrent.Future<Duration> result : results) {
                admitted += result.get().isZero() ? 1 : 0;
            }
            assertEquals(2, admitted);
        } finally {
            pool.shutdownNow();
        }
    }
}
