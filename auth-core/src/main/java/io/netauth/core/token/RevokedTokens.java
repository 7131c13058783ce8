package io.netauth.core.token;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code jti}s of revoked access tokens this process knows of, each until its token's {@code exp}: after that
 * the token is refused as expired anyway. Filled by the revocations made here and by the change feed with those
 * made elsewhere. One hash lookup per check, so the event loop can afford it. Thread-safe.
 */
public final class RevokedTokens {

    private final ConcurrentHashMap<String, Instant> untilExpiry = new ConcurrentHashMap<>();
    private final Clock clock;

    public RevokedTokens(Clock clock) {
        this.clock = clock;
    }

    /** Denies the token with this {@code jti} until {@code expiresAt}. */
    public void add(String jti, Instant expiresAt) {
        if (jti != null && clock.instant().isBefore(expiresAt)) {
            untilExpiry.put(jti, expiresAt);
        }
    }

    public boolean contains(String jti) {
        return jti != null && !untilExpiry.isEmpty() && untilExpiry.containsKey(jti);
    }

    /** Forgets the tokens that expired; answers how many. */
    public int prune() {
        Instant now = clock.instant();
        int before = untilExpiry.size();
        untilExpiry.values().removeIf(expiresAt -> !now.isBefore(expiresAt));
        return before - untilExpiry.size();
    }
}
