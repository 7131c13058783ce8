package io.netauth.server;

import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import io.netauth.core.CredentialStore;
import io.netauth.core.StoredCredential;
import io.netauth.core.UserAccount;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.jdbc.JdbcSettings;
import io.netauth.core.token.JwtTokens;
import io.netauth.server.testing.RunningServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An application that already has users starts the server over its own table, as the README shows. */
class EmbeddingTest {

    /** pyca/bcrypt hash of "correct horse", as an application that used bcrypt would hold. */
    private static final String APP_HASH = "$2b$10$abcdefghijklmnopqrstuu23JPZtHcGhwXSF41f93o/7vBdDut3Xu";

    /** The application's own store: its table, its columns, its notion of roles. */
    static final class AppUserStore implements CredentialStore {
        private final String url;

        AppUserStore(String url) {
            this.url = url;
        }

        @Override
        public Optional<StoredCredential> findByUsername(String normalizedUsername) {
            try (Connection c = DriverManager.getConnection(url, "sa", "");
                    PreparedStatement s = c.prepareStatement(
                            "SELECT uid, login, pw_hash, is_admin FROM app_users WHERE LOWER(login) = ?")) {
                s.setString(1, normalizedUsername);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    List<String> roles = r.getBoolean(4) ? List.of("admin") : List.of();
                    return Optional.of(new StoredCredential(
                            new UserAccount(r.getString(1), r.getString(2), roles, true), r.getString(3)));
                }
            } catch (SQLException e) {
                throw new io.netauth.core.StoreUnavailableException("app database failed", e);
            }
        }

        @Override
        public Optional<UserAccount> findById(String userId) {
            try (Connection c = DriverManager.getConnection(url, "sa", "");
                    PreparedStatement s = c.prepareStatement(
                            "SELECT uid, login, is_admin FROM app_users WHERE uid = ?")) {
                s.setString(1, userId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(new UserAccount(r.getString(1), r.getString(2),
                            r.getBoolean(3) ? List.of("admin") : List.of(), true)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new io.netauth.core.StoreUnavailableException("app database failed", e);
            }
        }

        @Override
        public boolean replacePasswordHash(String userId, String expectedHash, String newHash) {
            try (Connection c = DriverManager.getConnection(url, "sa", "");
                    PreparedStatement s = c.prepareStatement(
                            "UPDATE app_users SET pw_hash = ? WHERE uid = ? AND pw_hash = ?")) {
                s.setString(1, newHash);
                s.setString(2, userId);
                s.setString(3, expectedHash);
                return s.executeUpdate() == 1;
            } catch (SQLException e) {
                throw new io.netauth.core.StoreUnavailableException("app database failed", e);
            }
        }
    }

    @Test
    void anApplicationServesLoginsFromItsOwnUserTable() throws Exception {
        String url = "jdbc:h2:mem:app-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE app_users (uid VARCHAR(40) PRIMARY KEY, login VARCHAR(100), "
                    + "pw_hash VARCHAR(200), is_admin BOOLEAN)");
            s.execute("INSERT INTO app_users VALUES ('u-42', 'Grace', '" + APP_HASH + "', TRUE)");
        }

        // The README's embedding example, line for line: keys in the application's database.
        try (AuthDatabase keys = AuthDatabase.open(JdbcSettings.of(url, "sa", ""));
                AuthServer server = AuthServer.builder()
                        .config(AuthServerConfig.builder().port(0).build())
                        .credentialStore(new AppUserStore(url))
                        .tokens(JwtTokens.builder().issuer("https://my-app.example").build(keys.signingKeyStore()))
                        .refreshTokenStore(keys.refreshTokenStore())
                        .build()
                        .start()) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/auth"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(loginBody("grace", "correct horse"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            String token = LoginContractTest.json(r).get("token").asText();
            assertEquals("u-42", JWT.decode(token).getSubject());
            assertEquals("https://my-app.example", JWT.decode(token).getIssuer());
            assertEquals(List.of("admin"), JWT.decode(token).getClaim("roles").asList(String.class));
        }
        // The default policy moved the application's bcrypt hash to argon2id on that login.
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT pw_hash FROM app_users WHERE uid = 'u-42'")) {
            r.next();
            assertTrue(r.getString(1).startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), r.getString(1));
        }
    }

    @Test
    void twoServersRunSideBySideInOneJvm() {
        try (RunningServer first = RunningServer.start(); RunningServer second = RunningServer.start()) {
            first.addUser("ann", "pw-one");
            second.addUser("ann", "pw-two");
            assertEquals(200, first.postJson("/auth", loginBody("ann", "pw-one")).statusCode());
            assertEquals(401, first.postJson("/auth", loginBody("ann", "pw-two")).statusCode());
            assertEquals(200, second.postJson("/auth", loginBody("ann", "pw-two")).statusCode());
            first.server().close();
            assertEquals(200, second.postJson("/auth", loginBody("ann", "pw-two")).statusCode());
        }
    }

    @Test
    void aServerStartsOnceAndRequiresItsParts() {
        try (RunningServer server = RunningServer.start()) {
            assertThrows(IllegalStateException.class, () -> server.server().start());
        }
        assertThrows(NullPointerException.class, () -> AuthServer.builder().build());
    }
}
