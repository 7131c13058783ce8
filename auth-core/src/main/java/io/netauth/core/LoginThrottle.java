package io.netauth.core;

import io.netauth.core.internal.AddressGroups;
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
 * Counts login attempts per account (the normalised username, whether or not such an account exists, so that
 * throttling tells nothing about which accounts exist) and per client address, and after a number of free
 * attempts asks for growing delays: {@code baseDelay}, then twice that for each further attempt, up to
 * {@code maxDelay} (OWASP Authentication and Credential Stuffing cheat sheets). A success resets the
 * account's counter and takes that one attempt off the address's; a counter is forgotten {@code forgetAfter}
 * after its last attempt.
 *
 * <p>An attempt is counted when it is admitted, before its password is checked, not when the check ends: so
 * however many attempts arrive at once, no more than the free allowance of guesses reaches the hash. A correct
 * password then resets the account; an attempt that was admitted but never checked (the server was
 * overloaded, the store down) is given back.
 *
 * <p>Two implementations: {@link InMemoryLoginThrottle} for one process, and
 * {@code io.netauth.core.jdbc.JdbcLoginThrottle}, whose counters live in the database that several processes
 * share, where each admission is one atomic step. Threading: thread-safe; no method blocks its caller.
 */
public interface LoginThrottle {

    /**
     * Admits one attempt, counting it against both keys at once, or refuses it, counting nothing.
     *
     * @return {@link Duration#ZERO} when admitted; otherwise how long to wait before the next attempt
     */
    CompletionStage<Duration> admit(String normalizedUsername, String client);

    /**
     * An admitted attempt had the right password: the account starts again from zero, and the address gets this
     * attempt back (its other attempts still count), so that the logins of many people behind one address never
     * add up against it.
     */
    CompletionStage<Void> succeeded(String normalizedUsername, String client);

    /** An admitted attempt whose password was never checked: it no longer counts against either key. */
    CompletionStage<Void> unchecked(String normalizedUsername, String client);

    /**
     * Deletes counters whose window has passed, for a store that does not forget them by itself; blocks, so it
     * is called from a background thread.
     *
     * @return the counters deleted
     */
    default int purgeForgotten() {
        return 0;
    }

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
        private final int ipv6Prefix;

        private Policy(Settings settings, Setting<Integer> free, Setting<Duration> base, Setting<Duration> max,
                Setting<Duration> forget) {
            this.ipv6Prefix = settings.get(CoreSettings.THROTTLE_IPV6_PREFIX);
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

        /**
         * The counter's key for a client address: IPv6 addresses grouped by {@code throttle-ipv6-prefix}, IPv4-mapped
         * ones as IPv4 ({@link AddressGroups}).
         */
        public String clientKey(String address) {
            return AddressGroups.throttleKey(address, ipv6Prefix);
        }

        public int freeFailures() {
            return freeFailures;
        }

        public Duration forgetAfter() {
            return forgetAfter;
        }

        /** Whether a counter last touched at {@code last} starts again from zero at {@code now}. */
        public boolean forgotten(Instant last, Instant now) {
            return !now.isBefore(last.plus(forgetAfter));
        }

        /**
         * How long one more attempt must wait at {@code now}, after {@code counted} attempts, the last at
         * {@code last}: nothing for the first {@code freeFailures}, then {@code baseDelay} after the last attempt,
         * doubling with each further one up to {@code maxDelay}.
         */
        public Duration waitBefore(int counted, Instant last, Instant now) {
            if (counted < freeFailures || forgotten(last, now)) {
                return Duration.ZERO;
            }
            int doublings = Math.min(counted - freeFailures, 30);
            Duration delay = baseDelay.multipliedBy(1L << doublings);
            if (delay.compareTo(maxDelay) > 0) {
                delay = maxDelay;
            }
            Duration left = Duration.between(now, last.plus(delay));
            return left.isNegative() ? Duration.ZERO : left;
        }
    }
}
