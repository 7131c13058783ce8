package io.netauth.core.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netauth.core.LoginThrottle;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Failed client authentications per client address, under the {@code throttle-client-*} policy, in memory. Unlike
 * the login throttle it counts a failure when it happens, not an attempt when it is admitted: a gateway sending
 * hundreds of authenticated requests at once from one address must never look like a guesser, and a 256-bit
 * secret needs no protection against a burst of parallel guesses, only against noise. Never per client id, so
 * nobody can lock a client out. Thread-safe; never blocks.
 */
final class ClientAuthThrottle {

    private final LoginThrottle.Policy policy;
    private final Clock clock;
    private final Cache<String, Failures> failures;

    ClientAuthThrottle(Settings settings, Clock clock) {
        this.policy = LoginThrottle.Policy.forClients(settings);
        this.clock = clock;
        this.failures = Caffeine.newBuilder()
                .maximumSize(settings.get(CoreSettings.THROTTLE_MAX_TRACKED))
                .expireAfterWrite(policy.forgetAfter().toNanos(), TimeUnit.NANOSECONDS)
                .build();
    }

    /** How long the address must wait before it may try again; zero when it may now. */
    Duration waitBefore(String address) {
        Failures counted = failures.getIfPresent(policy.clientKey(address));
        return counted == null ? Duration.ZERO : policy.waitBefore(counted.count, counted.last, clock.instant());
    }

    void failed(String address) {
        Instant now = clock.instant();
        failures.asMap().compute(policy.clientKey(address), (key, old) -> old == null
                || policy.forgotten(old.last, now)
                ? new Failures(1, now)
                : new Failures(old.count == Integer.MAX_VALUE ? old.count : old.count + 1, now));
    }

    private record Failures(int count, Instant last) {
    }
}
