package io.netauth.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The {@link LoginThrottle} of one process: counters in memory, bounded ({@code throttle-max-tracked} keys per
 * kind, least valuable evicted first). Each key's admission is one atomic step on its entry, so concurrent
 * attempts cannot all pass a check made before any of them counted. Thread-safe and non-blocking: answers at
 * once, on the event loop.
 */
public final class InMemoryLoginThrottle implements LoginThrottle {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final Policy accountPolicy;
    private final Policy clientPolicy;
    private final Clock clock;
    private final Cache<String, Attempts> accounts;
    private final Cache<String, Attempts> clients;

    /** With the policies of the {@code throttle-*} settings, keeping {@code throttle-max-tracked} keys per kind. */
    public InMemoryLoginThrottle(Settings settings, Clock clock) {
        this.accountPolicy = Policy.forAccounts(settings);
        this.clientPolicy = Policy.forClients(settings);
        this.clock = Objects.requireNonNull(clock, "clock");
        int maxTracked = settings.get(CoreSettings.THROTTLE_MAX_TRACKED);
        this.accounts = counters(maxTracked, accountPolicy);
        this.clients = counters(maxTracked, clientPolicy);
    }

    @Override
    public CompletionStage<Duration> admit(String normalizedUsername, String client) {
        Instant now = clock.instant();
        Duration[] wait = {Duration.ZERO};
        accounts.asMap().compute(normalizedUsername, (key, old) -> admitOne(old, accountPolicy, now, wait));
        if (wait[0].isZero()) {
            clients.asMap().compute(clientPolicy.clientKey(client),
                    (key, old) -> admitOne(old, clientPolicy, now, wait));
            if (!wait[0].isZero()) {
                giveBack(accounts, normalizedUsername); // the address refused: the account's count goes too
            }
        }
        return CompletableFuture.completedFuture(wait[0]);
    }

    @Override
    public CompletionStage<Void> succeeded(String normalizedUsername, String client) {
        accounts.invalidate(normalizedUsername);
        giveBack(clients, clientPolicy.clientKey(client));
        return DONE;
    }

    @Override
    public CompletionStage<Void> unchecked(String normalizedUsername, String client) {
        giveBack(accounts, normalizedUsername);
        giveBack(clients, clientPolicy.clientKey(client));
        return DONE;
    }

    /** One more attempt on one key, or the old count and {@code wait[0]} set when it must wait. */
    private static Attempts admitOne(Attempts old, Policy policy, Instant now, Duration[] wait) {
        if (old == null || policy.forgotten(old.last, now)) {
            return new Attempts(1, now);
        }
        Duration left = policy.waitBefore(old.count, old.last, now);
        if (!left.isZero()) {
            wait[0] = left;
            return old;
        }
        return new Attempts(old.count == Integer.MAX_VALUE ? old.count : old.count + 1, now);
    }

    private static void giveBack(Cache<String, Attempts> counters, String key) {
        counters.asMap().computeIfPresent(key, (k, c) -> c.count <= 1 ? null : new Attempts(c.count - 1, c.last));
    }

    private static Cache<String, Attempts> counters(int maxTracked, Policy policy) {
        return Caffeine.newBuilder()
                .maximumSize(maxTracked)
                .expireAfterWrite(policy.forgetAfter().toNanos(), TimeUnit.NANOSECONDS)
                .build();
    }

    /** An immutable count and the time of the last attempt, replaced whole on each change. */
    private record Attempts(int count, Instant last) {
    }
}
