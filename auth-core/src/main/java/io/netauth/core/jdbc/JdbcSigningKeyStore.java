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

    private static final String FIND = "SELECT kid, private_key, public_key, created_at FROM auth_signing_keys "
            + "WHERE algorithm = ? ORDER BY created_at DESC, kid DESC";
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
            try (ResultSet r = s.executeQuery()) {
                List<SigningKey> keys = new ArrayList<>();
                while (r.next()) {
                    String publicKey = r.getString(3);
                    keys.add(new SigningKey(r.getString(1), algorithm, Base64.getDecoder().decode(r.getString(2)),
                            publicKey == null ? null : Base64.getDecoder().decode(publicKey),
                            Instant.ofEpochMilli(r.getLong(4))));
                }
                return keys;
            }
        } catch (SQLException e) {
            throw SqlFailures.unavailable("read signing keys", e);
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
