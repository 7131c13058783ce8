package io.netauth.core.jdbc;

import io.netauth.core.LoginThrottle;
import io.netauth.core.StoreUnavailableException;
import io.netauth.core.config.Settings;
import io.netauth.core.internal.SqlFailures;
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
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LoginThrottle} whose counters live in {@code auth_login_failures}, so every server process sharing
 * the database sees every failure: an attacker spread over N processes gets no more attempts than against one.
 * Each failure is one atomic {@code MERGE} (H2 and PostgreSQL 15 alike); the check reads two rows by primary
 * key. All database work runs on the given executor. If the database cannot answer the check, the attempt is
 * let through (the login itself will then answer 503): throttling fails open rather than locking everyone out.
 * Thread-safe.
 */
public final class JdbcLoginThrottle implements LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(JdbcLoginThrottle.class);
    private static final String ACCOUNT = "account";
    private static final String CLIENT = "client";

    private static final String READ = "SELECT kind, failures, last_failure FROM auth_login_failures "
            + "WHERE (kind = ? AND throttle_key = ?) OR (kind = ? AND throttle_key = ?)";
    private static final String COUNT = "MERGE INTO auth_login_failures f "
            + "USING (SELECT CAST(? AS VARCHAR(8)) AS kind, CAST(? AS VARCHAR(1100)) AS throttle_key) n "
            + "ON f.kind = n.kind AND f.throttle_key = n.throttle_key "
            + "WHEN MATCHED THEN UPDATE SET failures = CASE WHEN f.last_failure <= ? THEN 1 ELSE f.failures + 1 END, "
            + "last_failure = ? "
            + "WHEN NOT MATCHED THEN INSERT (kind, throttle_key, failures, last_failure) VALUES (n.kind, n.throttle_key, 1, ?)";
    private static final String RESET = "DELETE FROM auth_login_failures WHERE kind = ? AND throttle_key = ?";
    private static final int MAX_KEY = 1100;

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
    public CompletionStage<Duration> retryAfter(String normalizedUsername, String client) {
        try {
            return CompletableFuture.supplyAsync(() -> read(key(normalizedUsername), key(client)), executor)
                    .exceptionally(failure -> {
                        log.warn("Throttle counters unavailable; letting the attempt through: {}", failure.toString());
                        return Duration.ZERO;
                    });
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(Duration.ZERO);
        }
    }

    @Override
    public void failed(String normalizedUsername, String client) {
        Instant now = clock.instant();
        run(() -> {
            count(ACCOUNT, key(normalizedUsername), now, accountPolicy);
            count(CLIENT, key(client), now, clientPolicy);
        });
    }

    @Override
    public void succeeded(String normalizedUsername) {
        run(() -> update(RESET, s -> {
            s.setString(1, ACCOUNT);
            s.setString(2, key(normalizedUsername));
        }));
    }

    private Duration read(String account, String client) {
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(READ)) {
            s.setString(1, ACCOUNT);
            s.setString(2, account);
            s.setString(3, CLIENT);
            s.setString(4, client);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Policy policy = ACCOUNT.equals(r.getString(1)) ? accountPolicy : clientPolicy;
                    Duration wait = policy.waitAfter(r.getInt(2), Instant.ofEpochMilli(r.getLong(3)), now);
                    if (wait.compareTo(longest) > 0) {
                        longest = wait;
                    }
                }
            }
            return longest;
        } catch (SQLException e) {
            throw SqlFailures.unavailable("read login failure counters", e);
        }
    }

    private void count(String kind, String key, Instant now, Policy policy) {
        long forgottenBefore = now.minus(policy.forgetAfter()).toEpochMilli();
        for (int attempt = 0; ; attempt++) {
            try {
                update(COUNT, s -> {
                    s.setString(1, kind);
                    s.setString(2, key);
                    s.setLong(3, forgottenBefore);
                    s.setLong(4, now.toEpochMilli());
                    s.setLong(5, now.toEpochMilli());
                });
                return;
            } catch (StoreUnavailableException e) {
                // Two first failures at once: one MERGE inserts, the other hits the key; it matches on retry.
                if (attempt > 0 || !(e.getCause() instanceof SQLException sql) || !SqlFailures.isConstraintViolation(sql)) {
                    throw e;
                }
            }
        }
    }

    private void update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.unavailable("count a failed login", e);
        }
    }

    private void run(Runnable work) {
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.warn("Could not update login failure counters: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("Login failure counters not updated: the executor is full");
        }
    }

    private static String key(String value) {
        return value.length() <= MAX_KEY ? value : value.substring(0, MAX_KEY);
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
