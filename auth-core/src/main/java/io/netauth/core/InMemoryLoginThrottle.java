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
 * The {@link LoginThrottle} of one process: counters in memory, bounded ({@code maxTracked} keys per kind,
 * least valuable evicted first). Thread-safe and non-blocking: answers at once, on the event loop.
 */
public final class InMemoryLoginThrottle implements LoginThrottle {

    private final Policy accountPolicy;
    private final Policy clientPolicy;
    private final Clock clock;
    private final Cache<String, Failures> accounts;
    private final Cache<String, Failures> clients;

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
    public CompletionStage<Duration> retryAfter(String normalizedUsername, String client) {
        Instant now = clock.instant();
        Failures account = accounts.getIfPresent(normalizedUsername);
        Failures address = clients.getIfPresent(client);
        Duration forAccount = account == null ? Duration.ZERO : accountPolicy.waitAfter(account.count, account.last, now);
        Duration forClient = address == null ? Duration.ZERO : clientPolicy.waitAfter(address.count, address.last, now);
        return CompletableFuture.completedFuture(forAccount.compareTo(forClient) >= 0 ? forAccount : forClient);
    }

    @Override
    public void failed(String normalizedUsername, String client) {
        Instant now = clock.instant();
        accounts.asMap().merge(normalizedUsername, new Failures(1, now), (old, one) -> old.plusOne(now, accountPolicy));
        clients.asMap().merge(client, new Failures(1, now), (old, one) -> old.plusOne(now, clientPolicy));
    }

    @Override
    public void succeeded(String normalizedUsername) {
        accounts.invalidate(normalizedUsername);
    }

    private static Cache<String, Failures> counters(int maxTracked, Policy policy) {
        return Caffeine.newBuilder()
                .maximumSize(maxTracked)
                .expireAfterWrite(policy.forgetAfter().toNanos(), TimeUnit.NANOSECONDS)
                .build();
    }

    /** An immutable count and the time of the last failure, replaced whole on each failure. */
    private record Failures(int count, Instant last) {
        /** One more failure; a counter past its forget window starts again from one. */
        Failures plusOne(Instant now, Policy policy) {
            if (!now.isBefore(last.plus(policy.forgetAfter()))) {
                return new Failures(1, now);
            }
            return new Failures(count == Integer.MAX_VALUE ? count : count + 1, now);
        }
    }
}
