package io.netauth.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Counts failed logins per account (the normalised username, whether or not such an account exists, so that
 * throttling tells nothing about which accounts exist) and per client address, and after a number of free
 * failures asks for growing delays: {@code baseDelay}, then twice that for each further failure, up to
 * {@code maxDelay} (OWASP Authentication and Credential Stuffing cheat sheets). A success resets the
 * account's counter; counters are forgotten {@code forgetAfter} after their last failure.
 *
 * <p>In memory, bounded ({@code maxTracked} keys per kind, least valuable evicted first), per process. Thread-safe
 * and non-blocking: checked on the event loop, before any hash is computed.
 */
public final class LoginThrottle {

    /**
     * One kind of counter's rules.
     *
     * @param freeFailures failures allowed before any delay
     * @param baseDelay    the delay after the first failure past the free ones
     * @param maxDelay     the longest delay
     * @param forgetAfter  a counter without a new failure for this long starts again from zero
     */
    public record Policy(int freeFailures, Duration baseDelay, Duration maxDelay, Duration forgetAfter) {

        public Policy {
            if (freeFailures < 0 || baseDelay.isNegative() || baseDelay.isZero()
                    || maxDelay.compareTo(baseDelay) < 0 || forgetAfter.compareTo(maxDelay) < 0) {
                throw new IllegalArgumentException("throttle policy: " + freeFailures + " free, base " + baseDelay
                        + ", max " + maxDelay + ", forget after " + forgetAfter
                        + " (expected: free >= 0, 0 < base <= max <= forget)");
            }
        }
    }

    public static final Policy DEFAULT_ACCOUNT_POLICY =
            new Policy(5, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(1));
    public static final Policy DEFAULT_CLIENT_POLICY =
            new Policy(20, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(1));
    public static final int DEFAULT_MAX_TRACKED = 100_000;

    private final Policy accountPolicy;
    private final Policy clientPolicy;
    private final Clock clock;
    private final Cache<String, Failures> accounts;
    private final Cache<String, Failures> clients;

    public LoginThrottle(Policy accountPolicy, Policy clientPolicy, int maxTracked, Clock clock) {
        this.accountPolicy = Objects.requireNonNull(accountPolicy, "accountPolicy");
        this.clientPolicy = Objects.requireNonNull(clientPolicy, "clientPolicy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.accounts = counters(maxTracked, accountPolicy);
        this.clients = counters(maxTracked, clientPolicy);
    }

    /** Default policies on the system clock. */
    public static LoginThrottle withDefaults() {
        return new LoginThrottle(DEFAULT_ACCOUNT_POLICY, DEFAULT_CLIENT_POLICY, DEFAULT_MAX_TRACKED, Clock.systemUTC());
    }

    /** How long the attempt must wait; {@link Duration#ZERO} if it may go ahead. */
    public Duration retryAfter(String normalizedUsername, String client) {
        Instant now = clock.instant();
        Duration account = wait(accounts.getIfPresent(normalizedUsername), accountPolicy, now);
        Duration address = wait(clients.getIfPresent(client), clientPolicy, now);
        return account.compareTo(address) >= 0 ? account : address;
    }

    /** Counts a failed login (wrong password, unknown user, disabled account) against both keys. */
    public void failed(String normalizedUsername, String client) {
        Instant now = clock.instant();
        accounts.asMap().merge(normalizedUsername, new Failures(1, now), (old, one) -> old.plusOne(now));
        clients.asMap().merge(client, new Failures(1, now), (old, one) -> old.plusOne(now));
    }

    /** A correct password: the account starts again from zero (the client address does not). */
    public void succeeded(String normalizedUsername) {
        accounts.invalidate(normalizedUsername);
    }

    private static Duration wait(Failures failures, Policy policy, Instant now) {
        if (failures == null || failures.count <= policy.freeFailures()) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures.count - policy.freeFailures() - 1, 30);
        Duration delay = policy.baseDelay().multipliedBy(1L << doublings);
        if (delay.compareTo(policy.maxDelay()) > 0) {
            delay = policy.maxDelay();
        }
        Duration left = Duration.between(now, failures.last.plus(delay));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static Cache<String, Failures> counters(int maxTracked, Policy policy) {
        return Caffeine.newBuilder()
                .maximumSize(maxTracked)
                .expireAfterWrite(policy.forgetAfter().toNanos(), TimeUnit.NANOSECONDS)
                .build();
    }

    /** An immutable count and the time of the last failure, replaced whole on each failure. */
    private record Failures(int count, Instant last) {
        Failures plusOne(Instant now) {
            return new Failures(count == Integer.MAX_VALUE ? count : count + 1, now);
        }
    }
}
