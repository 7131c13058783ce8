package io.netauth.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.AuthenticationService;
import io.netauth.core.TokenGrant;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.testing.MutableClock;
import io.netauth.core.testing.TestDatabases;
import io.netauth.core.token.JwtTokens;
import io.netauth.server.testing.RunningServer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The background tasks, run by a scheduler the test drives and timed by a clock it moves: no waiting. */
class MaintenanceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler();
    private AuthDatabase database;
    private JwtTokens tokens;
    private AuthenticationService service;

    @BeforeEach
    void open() {
        database = AuthDatabase.open(TestDatabases.h2Memory());
        tokens = JwtTokens.builder().keyReloadInterval(Duration.ofSeconds(30)).clock(clock)
                .build(database.signingKeyStore());
        service = AuthenticationService.builder().credentialStore(database.credentialStore())
                .passwordHasher(RunningServer.FAST_HASHER).signer(tokens.signer())
                .refreshTokenStore(database.refreshTokenStore()).blockingExecutor(Runnable::run)
                .hashingExecutor(Runnable::run).clock(clock).build();
        database.userDirectory().createUser("dora", RunningServer.FAST_HASHER.hash("pw-for-dora"), List.of());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void eachTaskRunsAtItsOwnInterval() {
        try (Maintenance ignored = new Maintenance(scheduler, tokens, service, Duration.ofMinutes(10), null,
                Duration.ofSeconds(30))) {
            assertEquals(List.of(Duration.ofSeconds(30), Duration.ofMinutes(10)), List.copyOf(scheduler.tasks.keySet()),
                    "key reload, then purge; no TLS task without TLS");
        }
        assertTrue(scheduler.closed);
    }

    @Test
    void revokedRowsArePurgedWhenThePurgeTaskRuns() throws Exception {
        try (Maintenance ignored = new Maintenance(scheduler, tokens, service, Duration.ofMinutes(10), null,
                Duration.ofSeconds(30))) {
            endOneSession();
            scheduler.run(Duration.ofMinutes(10));
            assertEquals(1, refreshRows(), "a revoked family is kept for the reuse grace");
            clock.advance(Duration.ofMinutes(1));
            scheduler.run(Duration.ofMinutes(10));
            assertEquals(0, refreshRows());
        }
    }

    @Test
    void aFailingTaskIsTriedAgainAtItsNextRun() throws Exception {
        try (Maintenance ignored = new Maintenance(scheduler, tokens, service, Duration.ofMinutes(10), null,
                Duration.ofSeconds(30))) {
            endOneSession();
            clock.advance(Duration.ofMinutes(1));
            try (var c = database.dataSource().getConnection(); var s = c.createStatement()) {
                s.execute("ALTER TABLE auth_refresh_tokens RENAME TO auth_refresh_tokens_away");
                scheduler.run(Duration.ofMinutes(10)); // fails, is logged, does not throw
                s.execute("ALTER TABLE auth_refresh_tokens_away RENAME TO auth_refresh_tokens");
            }
            scheduler.run(Duration.ofMinutes(10));
            assertEquals(0, refreshRows());
        }
    }

    /** Logs dora in and out: one revoked refresh token family is left to purge. */
    private void endOneSession() throws Exception {
        TokenGrant grant = service.login("dora", "pw-for-dora", "192.0.2.1").get(5, TimeUnit.SECONDS);
        service.logout(grant.refreshToken()).get(5, TimeUnit.SECONDS);
    }

    private int refreshRows() throws Exception {
        try (var c = database.dataSource().getConnection(); var st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM auth_refresh_tokens")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Keeps the tasks by interval and runs them when the test says. */
    private static final class ManualScheduler implements Maintenance.Scheduler {
        final Map<Duration, Runnable> tasks = new LinkedHashMap<>();
        boolean closed;

        @Override
        public void every(Duration interval, Runnable task) {
            tasks.put(interval, task);
        }

        void run(Duration interval) {
            tasks.get(interval).run();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
