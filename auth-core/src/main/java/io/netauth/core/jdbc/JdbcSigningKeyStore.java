package io.netauth.core.jdbc;

import io.netauth.core.internal.SqlFailures;
import io.netauth.core.token.SigningAlgorithm;
import io.netauth.core.token.SigningKey;
import io.netauth.core.token.SigningKeyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/** {@link SigningKeyStore} on the {@code auth_signing_keys} table. Blocking; thread-safe. */
public final class JdbcSigningKeyStore implements SigningKeyStore {

    private static final String COLUMNS = "SELECT kid, algorithm, private_key, public_key, created_at, retire_at "
            + "FROM auth_signing_keys ";
    private static final String FIND = COLUMNS + "WHERE algorithm = ? ORDER BY created_at DESC, kid DESC";
    private static final String FIND_ALL = COLUMNS + "ORDER BY created_at DESC, kid DESC";
    private static final String RETIRE = "UPDATE auth_signing_keys SET retire_at = ? WHERE algorithm = ? "
            + "AND kid <> ? AND retire_at IS NULL";
    private static final String INSERT = "INSERT INTO auth_signing_keys (kid, algorithm, private_key, public_key, "
            + "created_at) VALUES (?, ?, ?, ?, ?)";

    private final DataSource dataSource;

    public JdbcSigningKeyStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public List<SigningKey> findByAlgorithm(SigningAlgorithm algorithm) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(FIND)) {
            s.setString(1, algorithm.name());
            return read(s);
        } catch (SQLException e) {
            throw SqlFailures.unavailable("read signing keys", e);
        }
    }

    @Override
    public List<SigningKey> findAll() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(FIND_ALL)) {
            return read(s);
        } catch (SQLException e) {
            throw SqlFailures.unavailable("read signing keys", e);
        }
    }

    @Override
    public int retireAllBut(SigningAlgorithm algorithm, String keepKid, Instant retireAt) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(RETIRE)) {
            s.setLong(1, retireAt.toEpochMilli());
            s.setString(2, algorithm.name());
            s.setString(3, keepKid);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.unavailable("retire signing keys", e);
        }
    }

    private static List<SigningKey> read(PreparedStatement s) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            List<SigningKey> keys = new ArrayList<>();
            while (r.next()) {
                String publicKey = r.getString(4);
                long retireAt = r.getLong(6);
                Instant retire = r.wasNull() ? null : Instant.ofEpochMilli(retireAt);
                keys.add(new SigningKey(r.getString(1), SigningAlgorithm.parse(r.getString(2)),
                        Base64.getDecoder().decode(r.getString(3)),
                        publicKey == null ? null : Base64.getDecoder().decode(publicKey),
                        Instant.ofEpochMilli(r.getLong(5)), retire));
            }
            return keys;
        }
    }

    @Override
    public void insert(SigningKey key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setString(1, key.kid());
            s.setString(2, key.algorithm().name());
            s.setString(3, Base64.getEncoder().encodeToString(key.privateKey()));
            s.setString(4, key.publicKey() == null ? null : Base64.getEncoder().encodeToString(key.publicKey()));
            s.setLong(5, key.createdAt().toEpochMilli());
            s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.unavailable("store a signing key", e);
        }
    }
}
