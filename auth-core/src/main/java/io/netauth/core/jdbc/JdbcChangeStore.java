package io.netauth.core.jdbc;

import io.netauth.core.Change;
import io.netauth.core.ChangeStore;
import io.netauth.core.internal.SqlFailures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/** {@link ChangeStore} on {@code auth_changes}, for H2 and PostgreSQL. Blocking; thread-safe. */
public final class JdbcChangeStore implements ChangeStore {

    private static final String INSERT = "INSERT INTO auth_changes (kind, subject, recorded_at, expires_at) "
            + "VALUES (?, ?, ?, ?)";
    private static final String SINCE = "SELECT kind, subject, recorded_at, expires_at FROM auth_changes "
            + "WHERE recorded_at >= ? AND expires_at > ? ORDER BY seq";
    private static final String PURGE = "DELETE FROM auth_changes WHERE expires_at < ?";

    private final DataSource dataSource;

    public JdbcChangeStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public void append(Change change) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setString(1, change.kind());
            s.setString(2, change.subject());
            s.setLong(3, change.recordedAt().toEpochMilli());
            s.setLong(4, change.expiresAt().toEpochMilli());
            s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.failure("record a change", e);
        }
    }

    @Override
    public List<Change> readSince(Instant since, Instant now) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SINCE)) {
            s.setLong(1, since.toEpochMilli());
            s.setLong(2, now.toEpochMilli());
            List<Change> changes = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    changes.add(new Change(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3)),
                            Instant.ofEpochMilli(r.getLong(4))));
                }
            }
            return changes;
        } catch (SQLException e) {
            throw SqlFailures.failure("read the change feed", e);
        }
    }

    @Override
    public int purge(Instant before) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(PURGE)) {
            s.setLong(1, before.toEpochMilli());
            return s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.failure("purge the change feed", e);
        }
    }
}
