package io.netauth.core.internal;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netauth.core.Change;
import io.netauth.core.ChangeFeed;
import io.netauth.core.CredentialStore;
import io.netauth.core.UserAccount;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Accounts as they are now, by id, for a check that must not trust the roles a token was issued with (the admin
 * API's). Read through a bounded cache that the change feed keeps fresh: an account changed on any process
 * ({@link Change#ACCOUNT_CHANGED}, or its tokens revoked) is dropped when this process reads the
 * feed, and every entry is read again after {@code freshness} in any case, for a change the feed never carried.
 * A lookup that was under way when its entry was dropped is dropped with it, so a stale read cannot come back.
 *
 * <p>Never blocks its caller: a miss reads the store on the {@code blockingExecutor}. Thread-safe. Not API.
 */
public final class CurrentAccounts {

    private final CredentialStore store;
    private final Executor blockingExecutor;
    private final AsyncCache<String, Optional<UserAccount>> cache;

    /** @param changes the feed whose account changes drop entries, or {@code null} for one process */
    public CurrentAccounts(CredentialStore store, ChangeFeed changes, Executor blockingExecutor,
            Duration freshness) {
        this.store = Objects.requireNonNull(store, "store");
        this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor");
        this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(freshness).buildAsync();
        if (changes != null) {
            changes.on(Change.ACCOUNT_CHANGED, change -> forget(change.subject()));
            changes.on(Change.USER_TOKENS_REVOKED, change -> forget(change.subject()));
        }
    }

    /** The account with this id as the store last answered, or empty when there is none. */
    public CompletableFuture<Optional<UserAccount>> find(String userId) {
        return cache.get(userId, (id, executor) -> Offload.to(blockingExecutor, "blockingExecutor",
                () -> store.findById(id)));
    }

    /** Drops the entry of one account, and a lookup of it under way. */
    public void forget(String userId) {
        cache.synchronous().invalidate(userId);
    }
}
