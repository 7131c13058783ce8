package io.netauth.core.jdbc;

import io.netauth.core.internal.SqlFailures;
import io.netauth.core.secret.SecretKeyException;
import io.netauth.core.secret.SecretKeys;
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

/**
 * {@link SigningKeyStore} on the {@code auth_signing_keys} table. With {@link SecretKeys}, every private key (and
 * HS256 secret) is sealed before it is written, bound to its row ({@code auth_signing_keys:<kid>}), and opened as
 * it is read; a plain-text key left by an earlier version is still read, and {@link #sealPlaintext()} seals it.
 * Without keys (an embedder's choice) private keys are stored as base64. Blocking; thread-safe.
 */
public final class JdbcSigningKeyStore implements SigningKeyStore {

    private static final String COLUMNS = "SELECT kid, algorithm, private_key, public_key, created_at, retire_at "
            + "FROM auth_signing_keys ";
    private static final String FIND = COLUMNS + "WHERE algorithm = ? ORDER BY created_at DESC, kid DESC";
    private static final String FIND_ALL = COLUMNS + "ORDER BY created_at DESC, kid DESC";
    private static final String RETIRE = "UPDATE auth_signing_keys SET retire_at = ? WHERE algorithm = ? "
            + "AND kid <> ? AND retire_at IS NULL";
    private static final String INSERT = "INSERT INTO auth_signing_keys (kid, algorithm, private_key, public_key, "
            + "created_at) VALUES (?, ?, ?, ?, ?)";

    private static final String TYPED_TOKENS = "typed-access-tokens";
    private static final String FIND_MILESTONE = "SELECT reached_at FROM auth_milestones WHERE name = ?";
    private static final String INSERT_MILESTONE = "INSERT INTO auth_milestones (name, reached_at) VALUES (?, ?)";

    private static final SealedColumn PRIVATE_KEYS = new SealedColumn(
            "SELECT kid, private_key FROM auth_signing_keys FOR UPDATE",
            "UPDATE auth_signing_keys SET private_key = ? WHERE kid = ?");

    private final DataSource dataSource;
    private final SecretKeys secrets;

    /** Stores private keys as base64, unsealed. */
    public JdbcSigningKeyStore(DataSource dataSource) {
        this(dataSource, null);
    }

    /** Seals private keys with {@code secrets}; {@code null} stores them unsealed. */
    public JdbcSigningKeyStore(DataSource dataSource, SecretKeys secrets) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.secrets = secrets;
    }

    /**
     * Seals every private key still stored in plain text, in one transaction; answers how many. A no-op without
     * keys.
     */
    public int sealPlaintext() {
        return reseal(stored -> !SecretKeys.isSealed(stored));
    }

    private int reseal(java.util.function.Predicate<String> needs) {
        if (secrets == null) {
            return 0;
        }
        try (Connection c = dataSource.getConnection()) {
            return io.netauth.core.internal.Transactions.run(c, tx -> reseal(tx, needs));
        } catch (SQLException e) {
            throw SqlFailures.failure("seal signing keys", e);
        }
    }

    /**
     * Seals again, inside the caller's transaction, every private key that {@code needs} picks; answers how many.
     * Part of {@link AuthDatabase#rewrapSecrets()}, which rewrites every secret in one transaction.
     */
    int reseal(Connection tx, java.util.function.Predicate<String> needs) throws SQLException {
        return PRIVATE_KEYS.reseal(tx, needs, (kid, stored) -> secrets.seal(plain(kid, stored), context(kid)));
    }

    /** The private key of a row, opened if sealed. */
    private byte[] plain(String kid, String stored) {
        if (!SecretKeys.isSealed(stored)) {
            return Base64.getDecoder().decode(stored);
        }
        if (secrets == null) {
            throw new SecretKeyException("signing key " + kid + " is sealed, and no key-encryption key is configured "
                    + "(secrets-keys)");
        }
        return secrets.open(stored, context(kid));
    }

    private String stored(String kid, byte[] privateKey) {
        return secrets == null ? Base64.getEncoder().encodeToString(privateKey) : secrets.seal(privateKey, context(kid));
    }

    /** What a sealed private key is bound to: its table and row. */
    private static String context(String kid) {
        return "auth_signing_keys:" + kid;
    }

    @Override
    public List<SigningKey> findByAlgorithm(SigningAlgorithm algorithm) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(FIND)) {
            s.setString(1, algorithm.name());
            return read(s);
        } catch (SQLException e) {
            throw SqlFailures.failure("read signing keys", e);
        }
    }

    @Override
    public List<SigningKey> findAll() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(FIND_ALL)) {
            return read(s);
        } catch (SQLException e) {
            throw SqlFailures.failure("read signing keys", e);
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
            throw SqlFailures.failure("retire signing keys", e);
        }
    }

    private List<SigningKey> read(PreparedStatement s) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            List<SigningKey> keys = new ArrayList<>();
            while (r.next()) {
                String publicKey = r.getString(4);
                long retireAt = r.getLong(6);
                Instant retire = r.wasNull() ? null : Instant.ofEpochMilli(retireAt);
                String kid = r.getString(1);
                keys.add(new SigningKey(kid, SigningAlgorithm.parse(r.getString(2)), plain(kid, r.getString(3)),
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
            s.setString(3, stored(key.kid(), key.privateKey()));
            s.setString(4, key.publicKey() == null ? null : Base64.getEncoder().encodeToString(key.publicKey()));
            s.setLong(5, key.createdAt().toEpochMilli());
            s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.failure("store a signing key", e);
        }
    }

    /**
     * The {@code typed-access-tokens} milestone of {@code auth_milestones}: read, or written as {@code now} when
     * absent. Of two processes writing it at once, the primary key keeps the first, which both then read.
     */
    @Override
    public Instant typedAccessTokensSince(Instant now) {
        try (Connection c = dataSource.getConnection()) {
            Instant recorded = milestone(c, TYPED_TOKENS);
            if (recorded != null) {
                return recorded;
            }
            try (PreparedStatement s = c.prepareStatement(INSERT_MILESTONE)) {
                s.setString(1, TYPED_TOKENS);
                s.setLong(2, now.toEpochMilli());
                s.executeUpdate();
                return Instant.ofEpochMilli(now.toEpochMilli());
            } catch (SQLException e) {
                if (!SqlFailures.isConstraintViolation(e)) {
                    throw e;
                }
                return Objects.requireNonNull(milestone(c, TYPED_TOKENS), "milestone written by another process");
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("read the typed access tokens milestone", e);
        }
    }

    private static Instant milestone(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(FIND_MILESTONE)) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Instant.ofEpochMilli(r.getLong(1)) : null;
            }
        }
    }
}
