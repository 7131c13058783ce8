package io.netauth.core.jdbc;

import io.netauth.core.InvalidInputException;
import io.netauth.core.client.ClientStore;
import io.netauth.core.client.CodeFlow;
import io.netauth.core.client.OAuthClient;
import io.netauth.core.client.StoredClient;
import io.netauth.core.internal.SqlFailures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link ClientStore} on {@code auth_clients} and {@code auth_client_assertions}, for H2 and PostgreSQL. A spent
 * assertion is an {@code INSERT} that the primary key refuses the second time, on every process. Blocking;
 * thread-safe.
 */
public final class JdbcClientStore implements ClientStore {

    private static final String COLUMNS = "id, name, grant_types, scopes, audiences, token_ttl_ms, jwks, "
            + "may_introspect, enabled, created_at, secret_hash, previous_secret_hash, previous_secret_expires_at, "
            + "redirect_uris, post_logout_redirect_uris, public_client, trusted, pkce_optional";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM auth_clients WHERE id = ?";
    private static final String BY_NAME = "SELECT " + COLUMNS + " FROM auth_clients WHERE name = ?";
    private static final String LIST = "SELECT " + COLUMNS + " FROM auth_clients ORDER BY name";
    private static final String INSERT = "INSERT INTO auth_clients (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?)";
    private static final String SET_SECRET = "UPDATE auth_clients SET secret_hash = ?, previous_secret_hash = ?, "
            + "previous_secret_expires_at = ? WHERE id = ?";
    private static final String SET_ENABLED = "UPDATE auth_clients SET enabled = ? WHERE id = ?";
    private static final String SET_PKCE_OPTIONAL = "UPDATE auth_clients SET pkce_optional = ? WHERE id = ?";
    private static final String DELETE = "DELETE FROM auth_clients WHERE id = ?";
    private static final String REVOKE_FAMILIES = "UPDATE auth_refresh_families SET revoked_at = ? "
            + "WHERE client_id = ? AND revoked_at IS NULL";
    private static final String DELETE_ASSERTIONS = "DELETE FROM auth_client_assertions WHERE client_id = ?";
    private static final String SPEND = "INSERT INTO auth_client_assertions (client_id, jti, expires_at) "
            + "VALUES (?, ?, ?)";
    private static final String PURGE = "DELETE FROM auth_client_assertions WHERE expires_at < ?";

    private final DataSource dataSource;

    public JdbcClientStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Optional<StoredClient> findById(String clientId) {
        return findOne(BY_ID, clientId);
    }

    @Override
    public Optional<StoredClient> findByName(String name) {
        return findOne(BY_NAME, name);
    }

    @Override
    public List<OAuthClient> list() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(LIST);
                ResultSet r = s.executeQuery()) {
            List<OAuthClient> clients = new ArrayList<>();
            while (r.next()) {
                clients.add(read(r).client());
            }
            return clients;
        } catch (SQLException e) {
            throw SqlFailures.failure("list clients", e);
        }
    }

    @Override
    public void insert(OAuthClient client, String secretHash) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setString(1, client.id());
            s.setString(2, client.name());
            s.setString(3, String.join(",", client.grantTypes().stream().sorted().toList()));
            s.setString(4, String.join(",", client.scopes()));
            s.setString(5, String.join(",", client.audiences()));
            if (client.tokenTtl() == null) {
                s.setNull(6, Types.BIGINT);
            } else {
                s.setLong(6, client.tokenTtl().toMillis());
            }
            s.setString(7, client.jwks());
            s.setBoolean(8, client.mayIntrospect());
            s.setBoolean(9, client.enabled());
            s.setLong(10, client.createdAt().toEpochMilli());
            s.setString(11, secretHash);
            // URIs hold no spaces (RFC 3986), so a space separates them.
            s.setString(12, String.join(" ", client.codeFlow().redirectUris()));
            s.setString(13, String.join(" ", client.codeFlow().postLogoutRedirectUris()));
            s.setBoolean(14, client.codeFlow().publicClient());
            s.setBoolean(15, client.codeFlow().trusted());
            s.setBoolean(16, client.codeFlow().pkceOptional());
            s.executeUpdate();
        } catch (SQLException e) {
            if (SqlFailures.isConstraintViolation(e)) {
                throw new InvalidInputException("A client named '" + client.name() + "' already exists.");
            }
            throw SqlFailures.failure("add a client", e);
        }
    }

    @Override
    public boolean replaceSecret(String clientId, String secretHash, String previousSecretHash,
            Instant previousExpiresAt) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SET_SECRET)) {
            s.setString(1, secretHash);
            s.setString(2, previousSecretHash);
            if (previousExpiresAt == null) {
                s.setNull(3, Types.BIGINT);
            } else {
                s.setLong(3, previousExpiresAt.toEpochMilli());
            }
            s.setString(4, clientId);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw SqlFailures.failure("rotate a client secret", e);
        }
    }

    @Override
    public boolean setEnabled(String clientId, boolean enabled) {
        return setFlag(SET_ENABLED, enabled, clientId, "enable or disable a client");
    }

    @Override
    public boolean setPkceOptional(String clientId, boolean optional) {
        return setFlag(SET_PKCE_OPTIONAL, optional, clientId, "change a client's PKCE rule");
    }

    /** Sets one boolean column of a client's row; answers whether the client exists. */
    private boolean setFlag(String sql, boolean value, String clientId, String action) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setBoolean(1, value);
            s.setString(2, clientId);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw SqlFailures.failure(action, e);
        }
    }

    @Override
    public boolean delete(String clientId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement assertions = c.prepareStatement(
                DELETE_ASSERTIONS); PreparedStatement client = c.prepareStatement(DELETE)) {
            assertions.setString(1, clientId);
            assertions.executeUpdate();
            client.setString(1, clientId);
            return client.executeUpdate() == 1;
        } catch (SQLException e) {
            throw SqlFailures.failure("remove a client", e);
        }
    }

    @Override
    public int revokeRefreshTokens(String clientId, Instant at) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(REVOKE_FAMILIES)) {
            s.setLong(1, at.toEpochMilli());
            s.setString(2, clientId);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.failure("revoke a client's refresh tokens", e);
        }
    }

    @Override
    public boolean spendAssertion(String clientId, String jti, Instant expiresAt) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SPEND)) {
            s.setString(1, clientId);
            s.setString(2, jti);
            s.setLong(3, expiresAt.toEpochMilli());
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            if (SqlFailures.isConstraintViolation(e)) {
                return false;
            }
            throw SqlFailures.failure("record a client assertion", e);
        }
    }

    @Override
    public int purgeAssertions(Instant before) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(PURGE)) {
            s.setLong(1, before.toEpochMilli());
            return s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.failure("purge client assertions", e);
        }
    }

    private Optional<StoredClient> findOne(String sql, String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(read(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("find a client", e);
        }
    }

    private static StoredClient read(ResultSet r) throws SQLException {
        long ttl = r.getLong(6);
        Duration tokenTtl = r.wasNull() ? null : Duration.ofMillis(ttl);
        OAuthClient client = new OAuthClient(r.getString(1), r.getString(2), new LinkedHashSet<>(split(r.getString(3))),
                split(r.getString(4)), split(r.getString(5)), tokenTtl, r.getString(7), r.getBoolean(8),
                r.getBoolean(9), Instant.ofEpochMilli(r.getLong(10)), new CodeFlow(split(r.getString(14), " "),
                        split(r.getString(15), " "), r.getBoolean(16), r.getBoolean(17), r.getBoolean(18)));
        long previousUntil = r.getLong(13);
        Instant previousExpiresAt = r.wasNull() ? null : Instant.ofEpochMilli(previousUntil);
        return new StoredClient(client, r.getString(11), r.getString(12), previousExpiresAt);
    }

    private static List<String> split(String joined) {
        return split(joined, ",");
    }

    private static List<String> split(String joined, String separator) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(separator));
    }
}
