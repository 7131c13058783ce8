package io.netauth.core.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.Change;
import io.netauth.core.ChangeFeed;
import io.netauth.core.ChangeStore;
import io.netauth.core.VerifiedToken;
import io.netauth.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The denylist's entries per user and per client: tokens issued before the cutoff are refused, later ones not. */
class RevokedTokensTest {

    private static final Instant T = Instant.parse("2026-01-01T10:00:00.500Z");

    private final MutableClock clock = new MutableClock(T);
    private final RevokedTokens revoked = new RevokedTokens(clock);

    private static VerifiedToken token(String subject, String clientId, Instant issuedAt) {
        return new VerifiedToken(subject, "u", List.of(), "iss", List.of("aud"), issuedAt,
                T.plus(Duration.ofMinutes(15)), "jti-" + subject + issuedAt, clientId, List.of(), List.of());
    }

    @Test
    void aUsersTokensIssuedBeforeTheCutoffAreRefused() {
        revoked.denyUser("u1", T, T.plus(RevokedTokens.LONGEST_TOKEN_LIFE));
        assertTrue(revoked.refuses(token("u1", null, T.minusSeconds(60))));
        assertTrue(revoked.refuses(token("u1", "app", T.minusSeconds(60))), "through any client");
        assertTrue(revoked.refuses(token("u1", null, Instant.parse("2026-01-01T10:00:00Z"))),
                "iat has whole seconds: the cutoff's own second is refused");
        assertFalse(revoked.refuses(token("u1", null, T.plusSeconds(1).minusMillis(500))), "issued after");
        assertFalse(revoked.refuses(token("u2", null, T.minusSeconds(60))), "another user");
        assertTrue(revoked.refuses(token("u1", null, null)), "no iat: refused");
    }

    @Test
    void aClientsTokensAreRefusedWhateverTheirSubject() {
        revoked.denyClient("app", T, T.plus(RevokedTokens.LONGEST_TOKEN_LIFE));
        assertTrue(revoked.refuses(token("app", "app", T.minusSeconds(5))), "the client's own token");
        assertTrue(revoked.refuses(token("u1", "app", T.minusSeconds(5))), "a user's token issued to it");
        assertFalse(revoked.refuses(token("u1", null, T.minusSeconds(5))), "the user's own");
        assertFalse(revoked.refuses(token("u1", "other", T.minusSeconds(5))));
        assertFalse(revoked.refuses(token("app", "app", T.plusSeconds(2))));
    }

    @Test
    void theLatestCutoffWinsAndEntriesArePrunedWhenTheirTokensHaveExpired() {
        revoked.denyUser("u1", T.plusSeconds(10), T.plus(Duration.ofHours(2)));
        revoked.denyUser("u1", T, T.plus(Duration.ofHours(1))); // read late: it takes nothing away
        assertTrue(revoked.refuses(token("u1", null, T.plusSeconds(5))));
        clock.advance(Duration.ofMinutes(90));
        assertEquals(0, revoked.prune());
        assertTrue(revoked.refuses(token("u1", null, T.plusSeconds(5))));
        clock.advance(Duration.ofHours(1));
        assertEquals(1, revoked.prune());
        assertFalse(revoked.refuses(token("u1", null, T.plusSeconds(5))));
    }

    /** Through the feed, as another process learns them; a client's cutoff reaches one sync interval further. */
    @Test
    void followsTheChangeFeed() {
        List<Change> rows = new ArrayList<>();
        ChangeStore store = new ChangeStore() {
            @Override
            public void append(Change change) {
                rows.add(change);
            }

            @Override
            public List<Change> readSince(Instant since, Instant now) {
                return List.copyOf(rows);
            }

            @Override
            public int purge(Instant before) {
                return 0;
            }
        };
        ChangeFeed feed = new ChangeFeed(store, clock);
        revoked.follow(feed, Duration.ofSeconds(5));
        rows.add(new Change(Change.USER_TOKENS_REVOKED, "u1", T, T.plus(RevokedTokens.LONGEST_TOKEN_LIFE)));
        rows.add(new Change(Change.CLIENT_TOKENS_REVOKED, "app", T, T.plus(RevokedTokens.LONGEST_TOKEN_LIFE)));
        rows.add(new Change(Change.TOKEN_REVOKED, "jti-1", T, T.plusSeconds(60)));
        assertEquals(3, feed.poll());
        assertTrue(revoked.refuses(token("u1", null, T.minusSeconds(1))));
        assertTrue(revoked.refuses(token("x", "app", T.plusSeconds(4))), "issued by a process that cached the client");
        assertFalse(revoked.refuses(token("x", "app", T.plusSeconds(6))));
        assertTrue(revoked.contains("jti-1"));
    }
}
