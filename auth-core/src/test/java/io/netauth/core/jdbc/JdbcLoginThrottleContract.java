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
    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(8);

    @org.junit.jupiter.api.AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    /** The database this run of the contract uses: {@link OpenedDatabase#h2()} or {@link OpenedDatabase#postgres()}. */
    abstract OpenedDatabase openDatabase();

    AuthDatabase database() {
        return opened.database();
    }

    @Override
    protected LoginThrottle throttle() {
        // A pool of its own, so that the concurrency test has real concurrent transactions.
        return new JdbcLoginThrottle(database().dataSource(), POLICIES, executor, clock);
    }

    @Test
    void twoProcessesShareTheCounters() {
        LoginThrottle here = throttle();
        LoginThrottle there = throttle();
        assertEquals(Duration.ZERO, admit(here, "dave", "7.7.7.7"));
        assertEquals(Duration.ZERO, admit(there, "dave", "7.7.7.8"));
        assertEquals(Duration.ofSeconds(1), admit(here, "dave", "7.7.7.9"));
        assertEquals(Duration.ofSeconds(1), admit(there, "dave", "8.8.8.8"));
    }

    @Test
    void forgottenCountersArePurged() throws Exception {
        LoginThrottle t = throttle();
        admit(t, "fay", "9.9.9.1");
        clock.advance(Duration.ofMinutes(5));
        admit(t, "gus", "9.9.9.2");
        assertEquals(2, t.purgeForgotten(), "fay's account row and address row");
        try (var c = database().dataSource().getConnection(); var s = c.createStatement();
                var r = s.executeQuery("SELECT COUNT(*) FROM auth_login_failures")) {
            r.next();
            assertEquals(2, r.getInt(1), "gus's two rows stay");
        }
    }
}
