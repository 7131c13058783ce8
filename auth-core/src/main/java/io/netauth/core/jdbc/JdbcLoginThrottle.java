package io.netauth.core.jdbc;

import io.netauth.core.LoginThrottle;
import io.netauth.core.config.Settings;
import io.netauth.core.internal.SqlFailures;
import io.netauth.core.internal.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LoginThrottle} whose counters live in {@code auth_login_failures}, so every server process sharing
 * the database sees every attempt: an attacker spread over N processes gets no more guesses than against one.
 *
 * <p>An admission is one transaction: make sure both counter rows exist, lock them ({@code SELECT ... FOR
 * UPDATE}, account before client, so that two admissions never wait on each other in a cycle), decide, and
 * count both or neither. Two processes admitting attempts for one account at once therefore take turns, and
 * no more than the free allowance is ever admitted. The transaction commits before the attempt goes on, so a
 * counted attempt survives a crash of the process. All database work runs on the given executor. If the
 * database cannot answer, the attempt is let through (the login itself then answers 503): throttling fails
 * open rather than locking everyone out. Thread-safe.
 */
public final class JdbcLoginThrottle implements LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(JdbcLoginThrottle.class);
    private static final String ACCOUNT = "account";
    private static final String CLIENT = "client";

    private static final String ENSURE = "MERGE INTO auth_login_failures f "
            + "USING (SELECT CAST(? AS VARCHAR(8)) AS kind, CAST(? AS VARCHAR(1100)) AS throttle_key) n "
            + "ON f.kind = n.kind AND f.throttle_key = n.throttle_key "
            + "WHEN NOT MATCHED THEN INSERT (kind, throttle_key, failures, last_failure) "
            + "VALUES (n.kind, n.throttle_key, 0, 0)";
    private static final String LOCK = "SELECT kind, failures, last_failure FROM auth_login_failures "
            + "WHERE (kind = ? AND throttle_key = ?) OR (kind = ? AND throttle_key = ?) ORDER BY kind FOR UPDATE";
    private static final String SET = "UPDATE auth_login_failures SET failures = ?, last_failure = ? "
            + "WHERE kind = ? AND throttle_key = ?";
    private static final String GIVE_BACK = "UPDATE auth_login_failures SET failures = failures - 1 "
            + "WHERE kind = ? AND throttle_key = ? AND failures > 0";
    private static final String RESET = "DELETE FROM auth_login_failures WHERE kind = ? AND throttle_key = ?";
    private static final String PURGE = "DELETE FROM auth_login_failures WHERE (kind = ? AND last_failure <= ?) "
            + "OR (kind = ? AND last_failure <= ?)";
    private static final int MAX_KEY = 1100;
    /** Tries of an admission that lost a race: a concurrent first insert, or a serialization failure. */
    private static final int ATTEMPTS = 3;

    private final DataSource dataSource;
    private final Policy accountPolicy;
    private final Policy clientPolicy;
    private final Executor executor;
    private final Clock clock;

    /** With the policies of the {@code throttle-*} settings; database work runs on {@code executor}. */
    public JdbcLoginThrottle(DataSource dataSource, Settings settings, Executor executor, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.accountPolicy = Policy.forAccounts(settings);
        this.clientPolicy = Policy.forClients(settings);
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CompletionStage<Duration> admit(String normalizedUsername, String client) {
        return async(() -> admitNow(key(normalizedUsername), key(clientPolicy.clientKey(client))), Duration.ZERO,
                "admit an attempt");
    }

    @Override
    public CompletionStage<Void> succeeded(String normalizedUsername, String client) {
        return async(() -> {
            update(RESET, ACCOUNT, key(normalizedUsername));
            update(GIVE_BACK, CLIENT, key(clientPolicy.clientKey(client)));
            return null;
        }, null, "reset an account's counter");
    }

    @Override
    public CompletionStage<Void> unchecked(String normalizedUsername, String client) {
        return async(() -> {
            update(GIVE_BACK, ACCOUNT, key(normalizedUsername));
            update(GIVE_BACK, CLIENT, key(clientPolicy.clientKey(client)));
            return null;
        }, null, "give an attempt back");
    }

    @Override
    public int purgeForgotten() {
        long now = clock.millis();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(PURGE)) {
            s.setString(1, ACCOUNT);
            s.setLong(2, now - accountPolicy.forgetAfter().toMillis());
            s.setString(3, CLIENT);
            s.setLong(4, now - clientPolicy.forgetAfter().toMillis());
            return s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.failure("purge login counters", e);
        }
    }

    private Duration admitNow(String account, String client) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                return Transactions.run(c, tx -> admitIn(tx, account, client));
            } catch (SQLException e) {
                boolean lostARace = SqlFailures.isConstraintViolation(e) || SqlFailures.isSerializationFailure(e);
                if (!lostARace || attempt == ATTEMPTS) {
                    throw SqlFailures.failure("admit a login attempt", e);
                }
            }
        }
    }

    /** Inside one transaction: both rows locked, both counted or neither. */
    private Duration admitIn(Connection tx, String account, String client) throws SQLException {
        try (PreparedStatement ensure = tx.prepareStatement(ENSURE)) {
            for (String[] row : new String[][] {{ACCOUNT, account}, {CLIENT, client}}) {
                ensure.setString(1, row[0]);
                ensure.setString(2, row[1]);
                ensure.executeUpdate();
            }
        }
        Instant now = clock.instant();
        int[] counted = new int[2];
        Duration wait = Duration.ZERO;
        try (PreparedStatement lock = tx.prepareStatement(LOCK)) {
            lock.setString(1, ACCOUNT);
            lock.setString(2, account);
            lock.setString(3, CLIENT);
            lock.setString(4, client);
            try (ResultSet r = lock.executeQuery()) {
                while (r.next()) {
                    int index = ACCOUNT.equals(r.getString(1)) ? 0 : 1;
                    Policy policy = index == 0 ? accountPolicy : clientPolicy;
                    Instant last = Instant.ofEpochMilli(r.getLong(3));
                    counted[index] = policy.forgotten(last, now) ? 0 : r.getInt(2);
                    Duration left = policy.waitBefore(counted[index], last, now);
                    if (left.compareTo(wait) > 0) {
                        wait = left;
                    }
                }
            }
        }
        if (!wait.isZero()) {
            return wait; // nothing counted; the commit only keeps the (empty) rows
        }
        try (PreparedStatement set = tx.prepareStatement(SET)) {
            for (int index = 0; index < 2; index++) {
                set.setInt(1, counted[index] == Integer.MAX_VALUE ? counted[index] : counted[index] + 1);
                set.setLong(2, now.toEpochMilli());
                set.setString(3, index == 0 ? ACCOUNT : CLIENT);
                set.setString(4, index == 0 ? account : client);
                set.executeUpdate();
            }
        }
        return Duration.ZERO;
    }

    private void update(String sql, String kind, String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, kind);
            s.setString(2, key);
            s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.failure("update login counters", e);
        }
    }

    /** Runs on the executor; a failure or a full executor is logged and answered with {@code fallback}. */
    private <T> CompletionStage<T> async(Supplier<T> work, T fallback, String what) {
        try {
            return CompletableFuture.supplyAsync(work, executor).exceptionally(failure -> {
                log.warn("Could not {}; going on without the throttle: {}", what, failure.toString());
                return fallback;
            });
        } catch (RejectedExecutionException e) {
            log.warn("Could not {}: the executor is full", what);
            return CompletableFuture.completedFuture(fallback);
        }
    }

    private static String key(String value) {
        return value.length() <= MAX_KEY ? value : value.substring(0, MAX_KEY);
    }
}
