package io.netauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.testing.PerTestDatabase;
import io.netauth.core.testing.MutableClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import io.netauth.core.testing.OpenedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The refresh token rules on a real database; one subclass per database. */
abstract class RefreshTokenRotationContract {

    static final Duration IDLE = Duration.ofHours(1);
    static final Duration ABSOLUTE = Duration.ofHours(3);
    static final Duration GRACE = Duration.ofSeconds(2);

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));

    @RegisterExtension
    final PerTestDatabase opened = new PerTestDatabase(this::openDatabase);

    /** The database this run of the contract uses: {@link OpenedDatabase#h2()} or {@link OpenedDatabase#postgres()}. */
    abstract OpenedDatabase openDatabase();

    AuthDatabase database() {
        return opened.database();
    }

    RefreshTokenRotation rotation() {
        return new RefreshTokenRotation(database().refreshTokenStore(), Settings.builder()
                .set(CoreSettings.REFRESH_IDLE_LIFETIME, IDLE)
                .set(CoreSettings.REFRESH_ABSOLUTE_LIFETIME, ABSOLUTE)
                .set(CoreSettings.REFRESH_REUSE_GRACE, GRACE)
                .build(), clock);
    }

    static String reason(Runnable call) {
        return assertThrows(InvalidTokenException.class, call::run).reason();
    }

    @Test
    void aTokenIsSpentByItsRefreshAndReplaced() {
        RefreshTokenRotation r = rotation();
        String first = r.start("user-1", null, AuthMethods.PASSWORD);
        RefreshTokenRotation.Rotated second = r.rotate(first, null);
        assertEquals("user-1", second.userId());
        assertNotEquals(first, second.refreshToken());
        assertEquals("user-1", r.rotate(second.refreshToken(), null).userId());
    }

    @Test
    void onlyDigestsAreStored() throws Exception {
        String token = rotation().start("user-1", null, AuthMethods.PASSWORD);
        try (Connection c = database().dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT token_hash FROM auth_refresh_tokens")) {
            assertTrue(rs.next());
            assertEquals(RefreshTokenRotation.digest(token), rs.getString(1));
            assertFalse(rs.getString(1).contains(token));
        }
        assertEquals(43, token.length(), "256 bits, unpadded base64url");
    }

    @Test
    void reuseWithinTheGraceIsRefusedWithoutRevokingTheFamily() {
        RefreshTokenRotation r = rotation();
        String first = r.start("user-1", null, AuthMethods.PASSWORD);
        String second = r.rotate(first, null).refreshToken();
        clock.advance(Duration.ofMillis(1500));
        assertEquals("spent_recently", reason(() -> r.rotate(first, null)));
        assertEquals("user-1", r.rotate(second, null).userId(), "the other tab's token still works");
    }

    @Test
    void reuseAfterTheGraceRevokesTheWholeFamily() {
        RefreshTokenRotation r = rotation();
        String first = r.start("user-1", null, AuthMethods.PASSWORD);
        String second = r.rotate(first, null).refreshToken();
        String third = r.rotate(second, null).refreshToken();
        clock.advance(GRACE);
        assertEquals("reused", reason(() -> r.rotate(first, null)));
        assertEquals("revoked", reason(() -> r.rotate(third, null)), "the newest token of the family dies too");
        String otherSession = r.start("user-1", null, AuthMethods.PASSWORD);
        assertEquals("user-1", r.rotate(otherSession, null).userId(), "other families of the user live on");
    }

    @Test
    void idleAndAbsoluteLifetimesEndTokens() {
        RefreshTokenRotation r = rotation();
        String idle = r.start("user-1", null, AuthMethods.PASSWORD);
        clock.advance(IDLE);
        assertEquals("expired", reason(() -> r.rotate(idle, null)));

        String token = r.start("user-2", null, AuthMethods.PASSWORD);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(50));
            token = r.rotate(token, null).refreshToken(); // used within the idle lifetime each time
        }
        // 150 minutes after the login the last token was issued; 31 minutes later it is well within its
        // idle lifetime, but 181 minutes are past the family's absolute lifetime.
        clock.advance(Duration.ofMinutes(31));
        String last = token;
        assertEquals("expired", reason(() -> r.rotate(last, null)));
    }

    @Test
    void concurrentRefreshesOfOneTokenLetExactlyOneWin() throws Exception {
        RefreshTokenRotation r = rotation();
        String token = r.start("user-1", null, AuthMethods.PASSWORD);
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            Callable<String> race = () -> {
                go.await();
                try {
                    return r.rotate(token, null).refreshToken();
                } catch (InvalidTokenException e) {
                    return "lost:" + e.reason();
                }
            };
            results.add(pool.submit(race));
        }
        go.countDown();
        int winners = 0;
        for (Future<String> f : results) {
            String outcome = f.get(30, TimeUnit.SECONDS);
            if (!outcome.startsWith("lost:")) {
                winners++;
            } else {
                assertTrue(outcome.equals("lost:spent_concurrently") || outcome.equals("lost:spent_recently"),
                        outcome);
            }
        }
        pool.shutdown();
        assertEquals(1, winners);
    }

    @Test
    void logoutRevokesTheFamilyAndIgnoresUnknownTokens() {
        RefreshTokenRotation r = rotation();
        String token = r.start("user-1", null, AuthMethods.PASSWORD);
        r.revoke("A".repeat(43));
        r.revoke("not even well formed");
        r.revoke(token);
        assertEquals("revoked", reason(() -> r.rotate(token, null)));
    }

    @Test
    void revokingAUserEndsEverySession() {
        RefreshTokenRotation r = rotation();
        String a = r.start("user-1", null, AuthMethods.PASSWORD);
        String b = r.start("user-1", null, AuthMethods.PASSWORD);
        String other = r.start("user-2", null, AuthMethods.PASSWORD);
        assertEquals(2, r.revokeUser("user-1"));
        assertEquals("revoked", reason(() -> r.rotate(a, null)));
        assertEquals("revoked", reason(() -> r.rotate(b, null)));
        assertEquals("user-2", r.rotate(other, null).userId());
    }

    @Test
    void malformedAndUnknownTokensAreRefused() {
        RefreshTokenRotation r = rotation();
        assertEquals("malformed", reason(() -> r.rotate("short", null)));
        assertEquals("malformed", reason(() -> r.rotate("+".repeat(43), null)));
        assertEquals("unknown", reason(() -> r.rotate("A".repeat(43), null)));
    }

    @Test
    void purgeDeletesWhatCanNoLongerRefresh() throws Exception {
        RefreshTokenRotation r = rotation();
        String expiring = r.start("user-1", null, AuthMethods.PASSWORD);
        String revoked = r.start("user-2", null, AuthMethods.PASSWORD);
        r.revoke(revoked);
        clock.advance(IDLE.plus(GRACE).plusSeconds(1));
        String live = r.start("user-3", null, AuthMethods.PASSWORD);
        assertTrue(r.purgeExpired() >= 2);
        assertEquals("unknown", reason(() -> r.rotate(expiring, null)));
        assertEquals("unknown", reason(() -> r.rotate(revoked, null)));
        assertEquals("user-3", r.rotate(live, null).userId());
    }
}
