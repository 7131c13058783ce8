package io.netauth.server.testing;

import io.netauth.core.CredentialStore;
import io.netauth.core.LoginThrottle;
import io.netauth.core.PasswordHasher;
import io.netauth.core.StandardPasswordHasher;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.jdbc.JdbcLoginThrottle;
import io.netauth.core.jdbc.JdbcSettings;
import io.netauth.core.testing.TestDatabases;
import io.netauth.core.token.JwtTokens;
import io.netauth.core.token.SigningAlgorithm;
import io.netauth.server.AuthServer;
import io.netauth.server.AuthServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real server on an ephemeral port over a real database, with a real HTTP client. Hashing uses small
 * argon2id parameters so that tests run fast; the default parameters have their own tests.
 */
public final class RunningServer implements AutoCloseable {

    public static final StandardPasswordHasher FAST_HASHER = StandardPasswordHasher.argon2id(64, 1, 1);
    public static final LoginThrottle.Policy UNTHROTTLED = new LoginThrottle.Policy(1_000_000,
            Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));

    private final PasswordHasher hasher;
    private final AuthDatabase database;
    private final JwtTokens tokens;
    private final AuthServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningServer(JdbcSettings settings, CredentialStore store, UnaryOperator<AuthServerConfig.Builder> config,
            Clock refreshClock) {
        this(settings, store, config, refreshClock, SigningAlgorithm.RS256, FAST_HASHER);
    }

    private RunningServer(JdbcSettings settings, CredentialStore store, UnaryOperator<AuthServerConfig.Builder> config,
            Clock refreshClock, SigningAlgorithm algorithm, PasswordHasher hasher) {
        this(settings, store, config, refreshClock, algorithm, hasher, null);
    }

    private RunningServer(JdbcSettings settings, CredentialStore store, UnaryOperator<AuthServerConfig.Builder> config,
            Clock refreshClock, SigningAlgorithm algorithm, PasswordHasher hasher, LoginThrottle.Policy[] shared) {
        this.hasher = hasher;
        database = AuthDatabase.open(settings);
        tokens = JwtTokens.builder().algorithm(algorithm).build(database.signingKeyStore());
        AuthServer.Builder builder = AuthServer.builder();
        if (shared != null) {
            builder.loginThrottle((executor, clock) -> new JdbcLoginThrottle(database.dataSource(), shared[0], shared[1],
                    executor, clock));
        }
        server = builder
                .config(config.apply(AuthServerConfig.builder().host("127.0.0.1").port(0)
                        // Tests fail many logins on purpose from one address; throttling has its own test.
                        .accountThrottle(UNTHROTTLED).clientThrottle(UNTHROTTLED)).build())
                .credentialStore(store != null ? store : database.credentialStore())
                .passwordHasher(hasher)
                .tokens(tokens)
                .refreshTokenStore(database.refreshTokenStore())
                .clock(refreshClock)
                .readinessCheck("database", () -> database.isReachable(Duration.ofSeconds(1)))
                .userDirectory(database.credentialStore())
                .build()
                .start();
    }

    public static RunningServer start() {
        return new RunningServer(TestDatabases.h2Memory(), null, b -> b, Clock.systemUTC());
    }

    public static RunningServer start(UnaryOperator<AuthServerConfig.Builder> config) {
        return new RunningServer(TestDatabases.h2Memory(), null, config, Clock.systemUTC());
    }

    /** A server with its own settings whose refresh token lifetimes run on {@code refreshClock}. */
    public static RunningServer start(UnaryOperator<AuthServerConfig.Builder> config, Clock refreshClock) {
        return new RunningServer(TestDatabases.h2Memory(), null, config, refreshClock);
    }

    /** A server signing with another algorithm. */
    public static RunningServer start(SigningAlgorithm algorithm) {
        return new RunningServer(TestDatabases.h2Memory(), null, b -> b, Clock.systemUTC(), algorithm, FAST_HASHER);
    }

    /** A server hashing with {@code hasher} (users added through {@link #addUser} too). */
    public static RunningServer start(UnaryOperator<AuthServerConfig.Builder> config, PasswordHasher hasher) {
        return new RunningServer(TestDatabases.h2Memory(), null, config, Clock.systemUTC(), SigningAlgorithm.RS256,
                hasher);
    }

    /** A server whose refresh token lifetimes run on {@code refreshClock}. */
    public static RunningServer withRefreshClock(Clock refreshClock) {
        return new RunningServer(TestDatabases.h2Memory(), null, b -> b, refreshClock);
    }

    /** A server with its own settings and hasher whose logins go to {@code store}. */
    public static RunningServer start(UnaryOperator<AuthServerConfig.Builder> config, PasswordHasher hasher,
            CredentialStore store) {
        return new RunningServer(TestDatabases.h2Memory(), store, config, Clock.systemUTC(), SigningAlgorithm.RS256,
                hasher);
    }

    /** A server whose logins go to {@code store} (the database still holds the signing keys). */
    public static RunningServer withStore(CredentialStore store) {
        return new RunningServer(TestDatabases.h2Memory(), store, b -> b, Clock.systemUTC());
    }

    /** A server on a shared database whose refresh token lifetimes run on {@code refreshClock}. */
    public static RunningServer on(JdbcSettings settings, Clock refreshClock) {
        return new RunningServer(settings, null, b -> b, refreshClock);
    }

    /** A server on a shared database whose login failures are counted in that database. */
    public static RunningServer sharingThrottle(JdbcSettings settings, LoginThrottle.Policy account,
            LoginThrottle.Policy client) {
        return new RunningServer(settings, null, b -> b, Clock.systemUTC(), SigningAlgorithm.RS256, FAST_HASHER,
                new LoginThrottle.Policy[] {account, client});
    }

    public static RunningServer on(JdbcSettings settings) {
        return new RunningServer(settings, null, b -> b, Clock.systemUTC());
    }

    public AuthDatabase database() {
        return database;
    }

    public JwtTokens tokens() {
        return tokens;
    }

    public AuthServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public void addUser(String name, String password, String... roles) {
        database.credentialStore().createUser(name, hasher.hash(password), List.of(roles));
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public HttpResponse<String> postJson(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** {@code GET /auth/verify} with {@code Authorization: <authorization>}, or none if {@code null}. */
    public HttpResponse<String> verify(String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/auth/verify")).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String loginBody(String username, String password) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
    }

    @Override
    public void close() {
        server.close();
        database.close();
    }
}
