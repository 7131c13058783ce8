package io.netauth.core.jdbc;

import io.netauth.core.internal.SqlFailures;
import io.netauth.core.internal.Transactions;
import io.netauth.core.oidc.OidcStore;
import io.netauth.core.oidc.Profile;
import io.netauth.core.oidc.IssuedCode;
import io.netauth.core.oidc.SpentCode;
import io.netauth.core.secret.SecretKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link OidcStore} on {@code auth_codes}, {@code auth_consents} and the email columns of {@code auth_users}, for
 * H2 and PostgreSQL. A code is its grant sealed with {@link SecretKeys} (AES-GCM, bound to its purpose), so that
 * issuing one writes nothing and any process with the same keys opens it; its spending is one {@code INSERT} that
 * the primary key refuses the second time. Blocking where it touches the database; thread-safe.
 */
public final class JdbcOidcStore implements OidcStore {

    /** What a sealed code is bound to: it opens as nothing else, and nothing else opens as a code. */
    private static final String CONTEXT = "netauth authorization code v1";
    /** What a sealed consent form is bound to: it opens as nothing else, and nothing else opens as one. */
    private static final String CONSENT_CONTEXT = "netauth consent form v1";
    private static final String SPEND = "INSERT INTO auth_codes (code_hash, client_id, user_id, spent_at, expires_at, "
            + "access_token_id, access_expires_at, family_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String FIND_SPENT = "SELECT client_id, user_id, access_token_id, access_expires_at, family_id "
            + "FROM auth_codes WHERE code_hash = ?";
    private static final String PURGE_CODES = "DELETE FROM auth_codes WHERE expires_at < ?";
    private static final String FIND_CONSENT = "SELECT scopes FROM auth_consents WHERE user_id = ? AND client_id = ?";
    private static final String DELETE_CONSENT = "DELETE FROM auth_consents WHERE user_id = ? AND client_id = ?";
    private static final String INSERT_CONSENT = "INSERT INTO auth_consents (user_id, client_id, scopes, granted_at) "
            + "VALUES (?, ?, ?, ?)";
    private static final String PROFILE = "SELECT id, username, roles, enabled, email, email_verified, updated_at "
            + "FROM auth_users WHERE id = ?";

    private final DataSource dataSource;
    private final SecretKeys keys;

    /** Seals codes with {@code keys}: every process that redeems them needs the same ones. */
    public JdbcOidcStore(DataSource dataSource, SecretKeys keys) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.keys = Objects.requireNonNull(keys, "keys: OpenID Connect seals its codes with the key-encryption keys");
    }

    @Override
    public String sealCode(IssuedCode code) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(code.clientId());
            out.writeUTF(code.userId());
            out.writeUTF(code.redirectUri());
            out.writeUTF(String.join(" ", code.scopes()));
            out.writeUTF(code.nonce() == null ? "" : code.nonce());
            out.writeUTF(code.codeChallenge() == null ? "" : code.codeChallenge());
            out.writeUTF(String.join(" ", code.amr()));
            out.writeLong(code.authTime().toEpochMilli());
            out.writeLong(code.expiresAt().toEpochMilli());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        return keys.sealToken(bytes.toByteArray(), CONTEXT);
    }

    @Override
    public Optional<IssuedCode> openCode(String code) {
        // Empty when not sealed here, altered, spelt another way, or sealed with a key dropped since; one spelling
        // per code, since its digest is what spending it records.
        byte[] plain = keys.openToken(code, CONTEXT).orElse(null);
        if (plain == null) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            return Optional.of(new IssuedCode(in.readUTF(), in.readUTF(), in.readUTF(), words(in.readUTF()),
                    emptyToNull(in.readUTF()), emptyToNull(in.readUTF()), words(in.readUTF()),
                    Instant.ofEpochMilli(in.readLong()), Instant.ofEpochMilli(in.readLong())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String sealConsent(byte[] form) {
        return keys.sealToken(form, CONSENT_CONTEXT);
    }

    @Override
    public Optional<byte[]> openConsent(String sealed) {
        return keys.openToken(sealed, CONSENT_CONTEXT);
    }

    @Override
    public boolean spendCode(String codeHash, SpentCode spent, Instant spentAt, Instant codeExpiresAt) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SPEND)) {
            s.setString(1, codeHash);
            s.setString(2, spent.clientId());
            s.setString(3, spent.userId());
            s.setLong(4, spentAt.toEpochMilli());
            s.setLong(5, codeExpiresAt.toEpochMilli());
            s.setString(6, spent.accessTokenId());
            s.setLong(7, spent.accessExpiresAt().toEpochMilli());
            if (spent.familyId() == null) {
                s.setNull(8, Types.VARCHAR);
            } else {
                s.setString(8, spent.familyId());
            }
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            if (SqlFailures.isConstraintViolation(e)) {
                return false;
            }
            throw SqlFailures.failure("spend an authorization code", e);
        }
    }

    @Override
    public Optional<SpentCode> findSpent(String codeHash) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(FIND_SPENT)) {
            s.setString(1, codeHash);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new SpentCode(r.getString(1), r.getString(2), r.getString(3),
                        Instant.ofEpochMilli(r.getLong(4)), r.getString(5))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("find a spent authorization code", e);
        }
    }

    @Override
    public int purgeCodes(Instant before) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(PURGE_CODES)) {
            s.setLong(1, before.toEpochMilli());
            return s.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.failure("purge authorization codes", e);
        }
    }

    @Override
    public List<String> consentedScopes(String userId, String clientId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(FIND_CONSENT)) {
            s.setString(1, userId);
            s.setString(2, clientId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? words(r.getString(1)) : List.of();
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("read a consent", e);
        }
    }

    @Override
    public void saveConsent(String userId, String clientId, List<String> scopes, Instant at) {
        try (Connection c = dataSource.getConnection()) {
            Transactions.run(c, tx -> {
                try (PreparedStatement delete = tx.prepareStatement(DELETE_CONSENT);
                        PreparedStatement insert = tx.prepareStatement(INSERT_CONSENT)) {
                    delete.setString(1, userId);
                    delete.setString(2, clientId);
                    delete.executeUpdate();
                    insert.setString(1, userId);
                    insert.setString(2, clientId);
                    insert.setString(3, String.join(" ", scopes));
                    insert.setLong(4, at.toEpochMilli());
                    return insert.executeUpdate();
                }
            });
        } catch (SQLException e) {
            if (SqlFailures.isConstraintViolation(e)) {
                return; // the same user answered on another tab a moment ago: one answer is recorded
            }
            throw SqlFailures.failure("record a consent", e);
        }
    }

    @Override
    public Optional<Profile> profile(String userId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(PROFILE)) {
            s.setString(1, userId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Profile(JdbcCredentialStore.account(r), r.getString(5),
                        r.getBoolean(6), Instant.ofEpochMilli(r.getLong(7)))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("read a user's profile", e);
        }
    }

    private static List<String> words(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(" "));
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
