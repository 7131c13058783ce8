package io.netauth.core;

import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.InvalidSettingException;
import io.netauth.core.config.Setting;
import io.netauth.core.config.Settings;
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

    /**
     * One kind of counter's rules, read from the settings {@code throttle-account-*} or
     * {@code throttle-client-*}: {@code free} failures allowed before any delay, then {@code base-delay},
     * doubling up to {@code max-delay}; a counter without a new failure for {@code forget-after} starts again.
     * Immutable.
     */
    final class Policy {
        private final int freeFailures;
        private final Duration baseDelay;
        private final Duration maxDelay;
        private final Duration forgetAfter;

        private Policy(Settings settings, Setting<Integer> free, Setting<Duration> base, Setting<Duration> max,
                Setting<Duration> forget) {
            this.freeFailures = settings.get(free);
            this.baseDelay = settings.get(base);
            this.maxDelay = settings.get(max);
            this.forgetAfter = settings.get(forget);
            if (maxDelay.compareTo(baseDelay) < 0) {
                throw new InvalidSettingException(max.key(), max.format(maxDelay), "at least " + base.key() + " ("
                        + base.format(baseDelay) + ")");
            }
            if (forgetAfter.compareTo(maxDelay) < 0) {
                throw new InvalidSettingException(forget.key(), forget.format(forgetAfter), "at least " + max.key()
                        + " (" + max.format(maxDelay) + ")");
            }
        }

        /** The account policy of {@code throttle-account-*}. */
        public static Policy forAccounts(Settings settings) {
            return new Policy(settings, CoreSettings.THROTTLE_ACCOUNT_FREE, CoreSettings.THROTTLE_ACCOUNT_BASE_DELAY,
                    CoreSettings.THROTTLE_ACCOUNT_MAX_DELAY, CoreSettings.THROTTLE_ACCOUNT_FORGET_AFTER);
        }

        /** The client address policy of {@code throttle-client-*}. */
        public static Policy forClients(Settings settings) {
            return new Policy(settings, CoreSettings.THROTTLE_CLIENT_FREE, CoreSettings.THROTTLE_CLIENT_BASE_DELAY,
                    CoreSettings.THROTTLE_CLIENT_MAX_DELAY, CoreSettings.THROTTLE_CLIENT_FORGET_AFTER);
        }

        public int freeFailures() {
            return freeFailures;
        }

        public Duration forgetAfter() {
            return forgetAfter;
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
}
