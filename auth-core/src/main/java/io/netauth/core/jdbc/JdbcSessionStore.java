package io.netauth.core.jdbc;

import io.netauth.core.internal.SqlFailures;
import io.netauth.core.session.SessionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link SessionStore} on {@code auth_sessions}, for H2 and PostgreSQL. Blocking; thread-safe. */
public final class JdbcSessionStore implements SessionStore {

    private static final String INSERT = "INSERT INTO auth_sessions (id_hash, user_id, amr, created_at, "
            + "last_seen_at, expires_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, NULL)";
    private static final String FIND = "SELECT user_id, amr, created_at, last_seen_at, expires_at, ended_at "
            + "FROM auth_sessions WHERE id_hash = ?";
    private static final String TOUCH = "UPDATE auth_sessions SET last_seen_at = ? WHERE id_hash = ? "
            + "AND last_seen_at < ?";
    private static final String END = "UPDATE auth_sessions SET ended_at = ? WHERE id_hash = ? AND ended_at IS NULL";
    private static final String END_ALL = "UPDATE auth_sessions SET ended_at = ? WHERE user_id = ? "
            + "AND ended_at IS NULL";
    private static final String PURGE = "DELETE FROM auth_sessions WHERE expires_at < ? OR ended_at < ?";

    private final DataSource dataSource;

    public JdbcSessionStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public void create(String idHash, String userId, List<String> amr, Instant createdAt, Instant expiresAt) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setString(1, idHash);
            s.setString(2, userId);
            s.setString(3, String.join(" ", amr));
            s.setLong(4, createdAt.toEpochMilli());
            s.setLong(5, createdAt.toEpochMilli());
            s.setLong(6, expiresAt.toEpochMilli());
            s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.failure("start a session", e);
        }
    }

    @Override
    public Optional<StoredSession> find(String idHash) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(FIND)) {
            s.setString(1, idHash);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                long ended = r.getLong(6);
                Instant endedAt = r.wasNull() ? null : Instant.ofEpochMilli(ended);
                return Optional.of(new StoredSession(r.getString(1), List.of(r.getString(2).split(" ")),
                        Instant.ofEpochMilli(r.getLong(3)), Instant.ofEpochMilli(r.getLong(4)),
                        Instant.ofEpochMilli(r.getLong(5)), endedAt));
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("find a session", e);
        }
    }

    @Override
    public void touch(String idHash, Instant at) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(TOUCH)) {
            s.setLong(1, at.toEpochMilli());
            s.setString(2, idHash);
            s.setLong(3, at.toEpochMilli());
            s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.failure("record a session's use", e);
        }
    }

    @Override
    public boolean end(String idHash, Instant at) {
        return update(END, "end a session", idHash, at) == 1;
    }

    @Override
    public int endAllOf(String userId, Instant at) {
        return update(END_ALL, "end a user's sessions", userId, at);
    }

    @Override
    public int purge(Instant before) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(PURGE)) {
            s.setLong(1, before.toEpochMilli());
            s.setLong(2, before.toEpochMilli());
            return s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.failure("purge sessions", e);
        }
    }

    private int update(String sql, String action, String key, Instant at) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, at.toEpochMilli());
            s.setString(2, key);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.failure(action, e);
        }
    }
}
