package io.netauth.core.token;

import io.netauth.core.Change;
import io.netauth.core.ChangeFeed;
import io.netauth.core.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access tokens this process refuses before their {@code exp}: single tokens by {@code jti} (a revocation,
 * RFC 7009), and every token of one user ({@code sub}) or of one client ({@code client_id}) issued before an
 * instant (the user was disabled, deleted or lost a role; the client was disabled or removed). Each entry is
 * kept until every token it can deny has expired: after that the token is refused as expired anyway. Filled by
 * the changes made here and, through the change feed ({@link #follow}), by those made elsewhere. At most three
 * hash lookups per check, so the event loop can afford it. Thread-safe.
 */
public final class RevokedTokens {

    /**
     * How long a token issued before a revocation of its user or client can still verify: the longest
     * {@code token-ttl} or client {@code ttl} (a day) plus the largest {@code token-leeway} (five minutes).
     */
    public static final Duration LONGEST_TOKEN_LIFE = Duration.ofDays(1).plusMinutes(5);

    private final ConcurrentHashMap<String, Instant> untilExpiry = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Cutoff> subjects = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Cutoff> clients = new ConcurrentHashMap<>();
    private final Map<ChangeFeed, Boolean> followed = new ConcurrentHashMap<>();
    private final Clock clock;

    public RevokedTokens(Clock clock) {
        this.clock = clock;
    }

    /**
     * Applies the revocations of {@code changes}: single tokens ({@link Change#TOKEN_REVOKED}), every token of a
     * user issued before the change was recorded ({@link Change#USER_TOKENS_REVOKED}), and every token of a client
     * issued up to {@code clientLag} after it ({@link Change#CLIENT_TOKENS_REVOKED}): a process that cached the
     * client authenticates it for up to that long after it was disabled (the {@code revocation-sync-interval}).
     * Following the same feed twice is following it once.
     */
    public void follow(ChangeFeed changes, Duration clientLag) {
        if (followed.putIfAbsent(changes, Boolean.TRUE) != null) {
            return;
        }
        changes.on(Change.TOKEN_REVOKED, change -> add(change.subject(), change.expiresAt()));
        changes.on(Change.USER_TOKENS_REVOKED, change -> denyUser(change.subject(), change.recordedAt(),
                change.expiresAt()));
        changes.on(Change.CLIENT_TOKENS_REVOKED, change -> denyClient(change.subject(),
                change.recordedAt().plus(clientLag), change.expiresAt().plus(clientLag)));
    }

    /** Denies the token with this {@code jti} until {@code expiresAt}. */
    public void add(String jti, Instant expiresAt) {
        if (jti != null && clock.instant().isBefore(expiresAt)) {
            untilExpiry.put(jti, expiresAt);
        }
    }

    /** Denies, until {@code until}, every token whose {@code sub} is {@code subject} issued before {@code before}. */
    public void denyUser(String subject, Instant before, Instant until) {
        deny(subjects, subject, before, until);
    }

    /**
     * Denies, until {@code until}, every token whose {@code client_id} is {@code clientId} issued before
     * {@code before}.
     */
    public void denyClient(String clientId, Instant before, Instant until) {
        deny(clients, clientId, before, until);
    }

    public boolean contains(String jti) {
        return jti != null && !untilExpiry.isEmpty() && untilExpiry.containsKey(jti);
    }

    /**
     * Whether the token is denied: its {@code jti} is revoked, or it was issued before its user's or its client's
     * tokens were revoked. {@code iat} has whole seconds, so a token issued in the second of a revocation, after
     * it, is denied too; one without {@code iat} is denied whenever its user or client has an entry.
     */
    public boolean refuses(VerifiedToken token) {
        return contains(token.tokenId()) || issuedBefore(subjects, token.subject(), token)
                || issuedBefore(clients, token.clientId(), token);
    }

    /** Forgets the entries whose tokens have all expired; answers how many. */
    public int prune() {
        Instant now = clock.instant();
        int before = untilExpiry.size() + subjects.size() + clients.size();
        untilExpiry.values().removeIf(expiresAt -> !now.isBefore(expiresAt));
        subjects.values().removeIf(cutoff -> !now.isBefore(cutoff.until));
        clients.values().removeIf(cutoff -> !now.isBefore(cutoff.until));
        return before - (untilExpiry.size() + subjects.size() + clients.size());
    }

    private void deny(ConcurrentHashMap<String, Cutoff> entries, String key, Instant before, Instant until) {
        if (key == null || !clock.instant().isBefore(until)) {
            return;
        }
        // The latest cutoff and the latest end win, so a change read twice, or out of order, denies no less.
        entries.merge(key, new Cutoff(before, until), (old, added) -> new Cutoff(
                old.before.isAfter(added.before) ? old.before : added.before,
                old.until.isAfter(added.until) ? old.until : added.until));
    }

    private static boolean issuedBefore(ConcurrentHashMap<String, Cutoff> entries, String key, VerifiedToken token) {
        if (key == null || entries.isEmpty()) {
            return false;
        }
        Cutoff cutoff = entries.get(key);
        return cutoff != null && (token.issuedAt() == null || token.issuedAt().isBefore(cutoff.before));
    }

    /** Tokens issued before {@code before} are denied, until {@code until}. */
    private record Cutoff(Instant before, Instant until) {
    }
}
