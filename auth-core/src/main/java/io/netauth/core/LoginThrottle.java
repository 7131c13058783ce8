package io.netauth.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Counts failed logins per account (the normalised username, whether or not such an account exists, so that
 * throttling tells nothing about which accounts exist) and per client address, and after a number of free
 * failures asks for growing delays: {@code baseDelay}, then twice that for each further failure, up to
 * {@code maxDelay} (OWASP Authentication and Credential Stuffing cheat sheets). A success resets the
 * account's counter; a counter is forgotten {@code forgetAfter} after its last failure.
 *
 * <p>Two implementations: {@link InMemoryLoginThrottle} for one process, and
 * {@code io.netauth.core.jdbc.JdbcLoginThrottle}, whose counters live in the database that several processes
 * share. Threading: thread-safe; {@link #retryAfter} never blocks its caller (the server asks it on the event
 * loop, before any hash is computed), and {@link #failed} and {@link #succeeded} may be called from any thread.
 */
public interface LoginThrottle {

    /** How long the attempt must wait; {@link Duration#ZERO} if it may go ahead. */
    CompletionStage<Duration> retryAfter(String normalizedUsername, String client);

    /** Counts a failed login (wrong password, unknown user, disabled account) against both keys. */
    void failed(String normalizedUsername, String client);

    /** A correct password: the account starts again from zero (the client address does not). */
    void succeeded(String normalizedUsername);

    /** Makes a throttle once the server's executors exist. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param blockingExecutor where an implementation that does I/O does it
         * @param clock            the server's clock
         */
        LoginThrottle create(Executor blockingExecutor, Clock clock);
    }

    Policy DEFAULT_ACCOUNT_POLICY = new Policy(5, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(1));
    Policy DEFAULT_CLIENT_POLICY = new Policy(20, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(1));
    int DEFAULT_MAX_TRACKED = 100_000;

    /**
     * One kind of counter's rules.
     *
     * @param freeFailures failures allowed before any delay
     * @param baseDelay    the delay after the first failure past the free ones
     * @param maxDelay     the longest delay
     * @param forgetAfter  a counter without a new failure for this long starts again from zero
     */
    record Policy(int freeFailures, Duration baseDelay, Duration maxDelay, Duration forgetAfter) {

        public Policy {
            if (freeFailures < 0 || baseDelay.isNegative() || baseDelay.isZero()
                    || maxDelay.compareTo(baseDelay) < 0 || forgetAfter.compareTo(maxDelay) < 0) {
                throw new IllegalArgumentException("throttle policy: " + freeFailures + " free, base " + baseDelay
                        + ", max " + maxDelay + ", forget after " + forgetAfter
                        + " (expected: free >= 0, 0 < base <= max <= forget)");
            }
        }

        /** The wait left at {@code now} after {@code failures} failures, the last at {@code last}. */
        public Duration waitAfter(int failures, Instant last, Instant now) {
            if (failures <= freeFailures || !now.isBefore(last.plus(forgetAfter))) {
                return Duration.ZERO;
            }
            int doublings = Math.min(failures - freeFailures - 1, 30);
            Duration delay = baseDelay.multipliedBy(1L << doublings);
            if (delay.compareTo(maxDelay) > 0) {
                delay = maxDelay;
            }
            Duration left = Duration.between(now, last.plus(delay));
            return left.isNegative() ? Duration.ZERO : left;
        }
    }

    /** The longer of two waits. */
    static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
