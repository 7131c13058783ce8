package io.netauth.core.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netauth.core.Change;
import io.netauth.core.ChangeFeed;
import io.netauth.core.CredentialStore;
import io.netauth.core.UserAccount;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import io.netauth.core.internal.Offload;
import io.netauth.core.internal.OpaqueTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Browser sessions, free of HTTP: a sign-in starts one and answers its id (256 random bits, for a cookie); only
 * the id's SHA-256 is stored, so every process on the database knows the session and a copy of the database
 * holds no usable cookie. A session ends at its absolute lifetime ({@code session-lifetime}), after
 * {@code session-idle-timeout} without use, or when it is ended: a logout, or every session of a user at once
 * (a password change, a disable, an administrator's reset), which reaches every process through the change feed
 * within {@code revocation-sync-interval}.
 *
 * <p>Lookups are cached for a few seconds per session, so that a gateway asking on every request of a page costs
 * no database read; the use that the idle timeout counts is written at most every tenth of the timeout (and at
 * most every minute), off the caller's thread. Nothing here blocks its caller. Thread-safe.
 */
public final class BrowserSessions {

    /** A session who signed out, and every session of a user whose sessions ended. */
    public static final String SESSION_ENDED = "session_ended";
    public static final String USER_SESSIONS_ENDED = "user_sessions_ended";

    private static final Logger log = LoggerFactory.getLogger(BrowserSessions.class);
    /** How long a looked-up session is answered from memory before the database is read again. */
    private static final Duration FRESHNESS = Duration.ofSeconds(10);

    private final SessionStore store;
    private final CredentialStore accounts;
    private final ChangeFeed changes;
    private final Executor blockingExecutor;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration lifetime;
    private final Duration touchEvery;
    private final Cache<String, Cached> cache;

    /**
     * @param changes where endings are published and read from other processes; {@code null} for one process
     */
    public BrowserSessions(SessionStore store, CredentialStore accounts, ChangeFeed changes,
            Executor blockingExecutor, Settings settings, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.changes = changes;
        this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idleTimeout = settings.get(CoreSettings.SESSION_IDLE_TIMEOUT);
        this.lifetime = settings.get(CoreSettings.SESSION_LIFETIME);
        CoreSettings.checkRelations(settings);
        Duration tenth = idleTimeout.dividedBy(10);
        this.touchEvery = tenth.compareTo(Duration.ofMinutes(1)) < 0 ? tenth : Duration.ofMinutes(1);
        this.cache = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(FRESHNESS).build();
        if (changes != null) {
            changes.on(SESSION_ENDED, change -> cache.invalidate(change.subject()));
            changes.on(USER_SESSIONS_ENDED, change -> forgetUser(change.subject()));
            // New roles reach a session's headers at the next read instead of after the freshness.
            changes.on(Change.ACCOUNT_CHANGED, change -> forgetUser(change.subject()));
        }
    }

    /** How long a session lives at most; a cookie's {@code Max-Age}. */
    public Duration lifetime() {
        return lifetime;
    }

    /** Starts a session for a user who just signed in with {@code amr}; answers the id for the cookie. */
    public CompletableFuture<String> start(UserAccount account, List<String> amr) {
        return Offload.to(blockingExecutor, "blockingExecutor", () -> {
            String id = OpaqueTokens.newToken(); // here: the first read of the entropy source may block
            Instant now = clock.instant();
            store.create(OpaqueTokens.digest(id), account.id(), amr, now, now.plus(lifetime));
            return id;
        });
    }

    /**
     * The live session of a cookie's id, or empty: unknown, ended, idle too long, past its lifetime, or its user
     * disabled or gone. Answered at once from memory when the session was looked up in the last seconds.
     */
    public CompletableFuture<Optional<Session>> find(String id) {
        if (!OpaqueTokens.wellFormed(id)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String idHash = OpaqueTokens.digest(id);
        Instant now = clock.instant();
        Cached cached = cache.getIfPresent(idHash);
        if (cached != null) {
            return CompletableFuture.completedFuture(use(idHash, cached, now));
        }
        return Offload.to(blockingExecutor, "blockingExecutor", () -> load(idHash, now));
    }

    /** Ends the session of a cookie's id (a logout); an unknown or ended one is no error. */
    public CompletableFuture<Void> end(String id) {
        if (!OpaqueTokens.wellFormed(id)) {
            return CompletableFuture.completedFuture(null);
        }
        String idHash = OpaqueTokens.digest(id);
        cache.invalidate(idHash);
        return Offload.to(blockingExecutor, "blockingExecutor", () -> {
            Instant now = clock.instant();
            if (store.end(idHash, now) && changes != null) {
                changes.publish(new Change(SESSION_ENDED, idHash, now, now.plus(lifetime)));
            }
            return null;
        });
    }

    /**
     * Ends every session of a user, on every process; answers how many were live. Blocking: call it from a thread
     * that may block (a password change calls it on the blocking executor, in its own task).
     */
    public int endAllOfNow(String userId) {
        forgetUser(userId);
        Instant now = clock.instant();
        int ended = store.endAllOf(userId, now);
        if (changes != null) {
            changes.publish(new Change(USER_SESSIONS_ENDED, userId, now, now.plus(lifetime)));
        }
        return ended;
    }

    /** Deletes sessions that can no longer be used; blocking, so call it from a background thread. */
    public int purgeExpired() {
        return store.purge(clock.instant());
    }

    private Optional<Session> load(String idHash, Instant now) {
        Optional<SessionStore.StoredSession> found = store.find(idHash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SessionStore.StoredSession stored = found.get();
        if (stored.endedAt() != null) {
            return Optional.empty();
        }
        Optional<UserAccount> account = accounts.findById(stored.userId()).filter(UserAccount::enabled);
        if (account.isEmpty()) {
            return Optional.empty();
        }
        Cached cached = new Cached(new Session(idHash, account.get(), stored.amr(), stored.createdAt()),
                stored.lastSeenAt(), stored.expiresAt());
        cache.put(idHash, cached);
        return use(idHash, cached, now);
    }

    /** Checks the lifetimes and records the use, writing it when the last write is a tenth of the timeout old. */
    private Optional<Session> use(String idHash, Cached cached, Instant now) {
        if (!now.isBefore(cached.expiresAt) || !now.isBefore(cached.lastSeen.plus(idleTimeout))) {
            cache.invalidate(idHash);
            return Optional.empty();
        }
        if (!now.isBefore(cached.lastSeen.plus(touchEvery))) {
            cached.lastSeen = now;
            // Through Offload: a full pool refuses the write, never the request that is being answered.
            Offload.to(blockingExecutor, "blockingExecutor", () -> {
                store.touch(idHash, now);
                return null;
            }).exceptionally(failure -> {
                log.warn("Recording the use of a session failed: {}", failure.toString());
                return null;
            });
        }
        return Optional.of(cached.session);
    }

    private void forgetUser(String userId) {
        cache.asMap().values().removeIf(c -> c.session.account().id().equals(userId));
    }

    /** A session as last read, and its last use as this process knows it. */
    private static final class Cached {
        final Session session;
        final Instant expiresAt;
        volatile Instant lastSeen;

        Cached(Session session, Instant lastSeen, Instant expiresAt) {
            this.session = session;
            this.lastSeen = lastSeen;
            this.expiresAt = expiresAt;
        }
    }
}
