package io.netauth.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netauth.core.LoginThrottle;
import io.netauth.core.LoginThrottleContract;
import io.netauth.core.testing.OpenedDatabase;
import io.netauth.core.testing.PerTestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The database throttle: the contract, and counters shared between instances (between processes). */
abstract class JdbcLoginThrottleContract extends LoginThrottleContract {

    @RegisterExtension
    final PerTestDatabase opened = new PerTestDatabase(this::openDatabase);

    /** The database this run of the contract uses: {@link OpenedDatabase#h2()} or {@link OpenedDatabase#postgres()}. */
    abstract OpenedDatabase openDatabase();

    AuthDatabase database() {
        return opened.database();
    }

    @Override
    protected LoginThrottle throttle() {
        // Inline executor: each count is written before the call returns, so the test reads it back at once.
        return new JdbcLoginThrottle(database().dataSource(), POLICIES, Runnable::run, clock);
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
