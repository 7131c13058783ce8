package io.netauth.core;

import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import io.netauth.core.internal.OpaqueTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of refresh tokens (OAuth 2.0 Security BCP, RFC 9700 section 4.14): opaque 256-bit values of
 * which only SHA-256 digests are stored; each is spent by its one refresh and replaced by a successor in the
 * same family; a spent token presented again after {@code reuseGrace} revokes its whole family, because either
 * the client or a thief holds a copy; within {@code reuseGrace} it is refused without revoking, so that two
 * tabs racing or a retry after a lost response do not log the user out.
 *
 * <p>A token must be used within {@code idleLifetime} of its issue, and no token of a family outlives the
 * family's {@code absoluteLifetime} from the login. Blocking (it calls the store); thread-safe.
 */
final class RefreshTokenRotation {

    private static final Logger log = LoggerFactory.getLogger(RefreshTokenRotation.class);

    private final RefreshTokenStore store;
    private final Duration idleLifetime;
    private final Duration absoluteLifetime;
    private final Duration reuseGrace;
    private final Clock clock;

    /** With the lifetimes of the {@code refresh-*} settings. */
    RefreshTokenRotation(RefreshTokenStore store, Settings settings, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idleLifetime = settings.get(CoreSettings.REFRESH_IDLE_LIFETIME);
        this.absoluteLifetime = settings.get(CoreSettings.REFRESH_ABSOLUTE_LIFETIME);
        this.reuseGrace = settings.get(CoreSettings.REFRESH_REUSE_GRACE);
        CoreSettings.checkRelations(settings);
    }

    /** The successor of a spent token, and whose it is. */
    record Rotated(String userId, String clientId, List<String> amr, List<String> scopes, String refreshToken) {
        @Override
        public String toString() {
            return "Rotated[userId=" + userId + ']';
        }
    }

    /**
     * Starts a family for a fresh login, issued to {@code clientId} or to no client, whose user signed in with
     * {@code amr}, and answers its first token.
     */
    String start(String userId, String clientId, List<String> amr) {
        return start(UUID.randomUUID().toString(), userId, clientId, amr, List.of());
    }

    /** As above, for the family {@code familyId} granted {@code scopes} by the authorization code flow. */
    String start(String familyId, String userId, String clientId, List<String> amr, List<String> scopes) {
        Instant now = clock.instant();
        Instant familyExpiresAt = now.plus(absoluteLifetime);
        String token = OpaqueTokens.newToken();
        store.createFamily(familyId, userId, clientId, amr, scopes, now, familyExpiresAt, digest(token),
                earliest(now.plus(idleLifetime), familyExpiresAt));
        return token;
    }

    void revokeFamily(String familyId) {
        store.revokeFamily(familyId, clock.instant());
    }

    /**
     * Spends a token issued to {@code clientId} (or to no client, for {@code null}) and answers its successor.
     * A token issued to another client is refused before anything is spent (RFC 6749 section 6).
     *
     * @throws InvalidTokenException unknown, issued to another client, expired, revoked or spent (the latter
     *     revoking the family once the grace has passed)
     */
    Rotated rotate(String presented, String clientId) {
        StoredRefreshToken token = find(presented);
        if (!Objects.equals(token.clientId(), clientId)) {
            throw new InvalidTokenException("other_client");
        }
        Instant now = clock.instant();
        if (token.revokedAt() != null) {
            throw new InvalidTokenException("revoked");
        }
        if (token.spentAt() != null) {
            if (now.isBefore(token.spentAt().plus(reuseGrace))) {
                throw new InvalidTokenException("spent_recently");
            }
            store.revokeFamily(token.familyId(), now);
            log.warn("Refresh token reuse: family {} of user {} revoked", token.familyId(), token.userId());
            throw new InvalidTokenException("reused");
        }
        if (!now.isBefore(token.expiresAt()) || !now.isBefore(token.familyExpiresAt())) {
            throw new InvalidTokenException("expired");
        }
        String successor = OpaqueTokens.newToken();
        if (!store.spendAndReplace(token.tokenHash(), now, digest(successor),
                earliest(now.plus(idleLifetime), token.familyExpiresAt()))) {
            // Another refresh of the same token (or a revocation) won the conditional write a moment ago.
            throw new InvalidTokenException("spent_concurrently");
        }
        return new Rotated(token.userId(), token.clientId(), token.amr(), token.scopes(), successor);
    }

    /**
     * The stored token, if it would refresh now: known, unspent, unrevoked and unexpired. Spends nothing, so
     * introspection can look without using the token up.
     */
    Optional<StoredRefreshToken> findActive(String presented) {
        if (!OpaqueTokens.wellFormed(presented)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return store.find(digest(presented)).filter(t -> t.revokedAt() == null && t.spentAt() == null
                && now.isBefore(t.expiresAt()) && now.isBefore(t.familyExpiresAt()));
    }

    /** The stored token whatever its state, or empty for an unknown or malformed one. */
    Optional<StoredRefreshToken> findAny(String presented) {
        return OpaqueTokens.wellFormed(presented) ? store.find(digest(presented)) : Optional.empty();
    }

    /** Revokes the family of a stored token. */
    void revokeFamily(StoredRefreshToken token) {
        store.revokeFamily(token.familyId(), clock.instant());
    }

    /** Logout: revokes the family of the presented token; an unknown or malformed token is no error. */
    void revoke(String presented) {
        if (!OpaqueTokens.wellFormed(presented)) {
            return;
        }
        store.find(digest(presented)).ifPresent(t -> store.revokeFamily(t.familyId(), clock.instant()));
    }

    /** Ends every session of a user, as a password change or a disabled account must. */
    int revokeUser(String userId) {
        return store.revokeUser(userId, clock.instant());
    }

    /**
     * Deletes what can no longer refresh. Revoked and expired families are kept for {@code reuseGrace} more,
     * so that a late retry still gets the same answer.
     */
    int purgeExpired() {
        return store.purge(clock.instant().minus(reuseGrace));
    }

    private StoredRefreshToken find(String presented) {
        if (!OpaqueTokens.wellFormed(presented)) {
            throw new InvalidTokenException("malformed");
        }
        return store.find(digest(presented)).orElseThrow(() -> new InvalidTokenException("unknown"));
    }

    /** SHA-256 of the token, lower-case hex: what the store keeps instead of the token. */
    static String digest(String token) {
        return OpaqueTokens.digest(token);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
