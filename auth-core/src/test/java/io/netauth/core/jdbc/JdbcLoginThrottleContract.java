package io.netauth.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netauth.core.LoginThrottle;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The database throttle: the contract, and counters shared between instances (between processes). */
abstract class JdbcLoginThrottleContract extends LoginThrottleContract {

    abstract AuthDatabase database();

    @Override
    LoginThrottle throttle() {
        // Inline executor: each count is written before the call returns, so the test reads it back at once.
        return new JdbcLoginThrottle(database().dataSource(), ACCOUNT, CLIENT, Runnable::run, clock);
    }

    @Test
    void twoProcessesShareTheCounters() {
        LoginThrottle here = throttle();
        LoginThrottle there = throttle();
        here.failed("dave", "7.7.7.7");
        there.failed("dave", "7.7.7.8");
        here.failed("dave", "7.7.7.9");
        assertEquals(Duration.ofSeconds(1), wait(there, "dave", "8.8.8.8"));
    }
}
