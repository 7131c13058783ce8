package io.netauth.server.testing;

import io.netauth.core.CredentialStore;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
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

    /** One key-encryption key for every server of the test JVM, so that servers on one database share secrets. */
    public static final io.netauth.core.secret.SecretKeys TEST_SECRETS = io.netauth.core.secret.SecretKeys.parse(
            io.netauth.core.secret.SecretKeys.generateKey());
    public static final StandardPasswordHasher FAST_HASHER = StandardPasswordHasher.argon2id(64, 1, 1);
    /** Tests fail many logins on purpose from one address; throttling has its own tests, which set these. */
    public static final Settings UNTHROTTLED = Settings.builder()
            .set(CoreSettings.THROTTLE_ACCOUNT_FREE, 1_000_000)
            .set(CoreSettings.THROTTLE_CLIENT_FREE, 1_000_000)
            .build();

    private final PasswordHasher hasher;
    private final AuthDatabase database;
    private final JwtTokens tokens;
    private final AuthServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    private RunningServer(Builder b) {
        this.hasher = b.hasher;
        database = AuthDatabase.open(b.database, TEST_SECRETS);
        int port = b.issuerOnPort ? freePort() : 0;
        JwtTokens.Builder tokenSettings = JwtTokens.builder().algorithm(b.algorithm);
        if (b.issuerOnPort) {
            tokenSettings.issuer("http://" + b.issuerHost + ":" + port + b.issuerPath);
        }
        tokens = tokenSettings.build(database.signingKeyStore());
        AuthServerConfig config = b.config.apply(AuthServerConfig.builder().host("127.0.0.1").port(port)
                .settings(UNTHROTTLED)).build();
        AuthServer.Builder builder = AuthServer.builder();
        if (b.sharedThrottle) {
            builder.loginThrottle((executor, clock) -> new JdbcLoginThrottle(database.dataSource(), config.settings(),
                    executor, clock));
        }
        b.checks.forEach(builder::readinessCheck);
        server = builder
                .config(config)
                .credentialStore(b.store != null ? b.store : database.credentialStore())
                .passwordHasher(hasher)
                .tokens(tokens)
                .refreshTokenStore(database.refreshTokenStore())
                .clock(b.clock)
                .readinessCheck("database", () -> database.isReachable(Duration.ofSeconds(1)))
                .userDirectory(database.userDirectory())
                .oauth(database.clientStore(), database.changeStore())
                .mfaStore(database.mfaStore())
                .sessionStore(database.sessionStore())
                .oidcStore(database.oidcStore())
                .build()
                .start();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server with every test default: H2 in memory, fast hashing, RS256, no throttling, the system clock. */
    public static RunningServer start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What a test changes about its server; each setting has the default {@link #start()} uses. */
    public static final class Builder {
        private JdbcSettings database = TestDatabases.h2Memory();
        private CredentialStore store;
        private UnaryOperator<AuthServerConfig.Builder> config = b -> b;
        private Clock clock = Clock.systemUTC();
        private SigningAlgorithm algorithm = SigningAlgorithm.RS256;
        private PasswordHasher hasher = FAST_HASHER;
        private boolean sharedThrottle;
        private final java.util.Map<String, io.netauth.server.ReadinessCheck> checks = new java.util.HashMap<>();
        private boolean issuerOnPort;
        private String issuerPath = "";
        private String issuerHost = "127.0.0.1";

        private Builder() {
        }

        /**
         * Listens on a port chosen before start and makes {@code http://127.0.0.1:<port>} the issuer, so that the
         * metadata's URLs lead back to this server, as discovery clients need.
         */
        public Builder issuerOnPort() {
            this.issuerOnPort = true;
            return this;
        }

        /** As {@link #issuerOnPort()}, with a path after the port, such as {@code /tenant}. */
        public Builder issuerOnPort(String path) {
            this.issuerOnPort = true;
            this.issuerPath = path;
            return this;
        }

        /**
         * As {@link #issuerOnPort()}, under a host name of its own (a browser test maps it to 127.0.0.1), so
         * that cookies and redirects cross real host names.
         */
        public Builder issuerOnHost(String host) {
            this.issuerOnPort = true;
            this.issuerHost = host;
            return this;
        }

        /** Settings on top of the test defaults (loopback, port 0, no throttling). */
        public Builder config(UnaryOperator<AuthServerConfig.Builder> config) {
            this.config = config;
            return this;
        }

        /** A database shared with other servers; H2 in memory by default. */
        public Builder database(JdbcSettings settings) {
            this.database = settings;
            return this;
        }

        /** Where logins look users up; the database's own store by default. */
        public Builder store(CredentialStore store) {
            this.store = store;
            return this;
        }

        /** The clock of refresh token lifetimes and throttling. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder algorithm(SigningAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /** The hasher of logins and of {@link RunningServer#addUser}. */
        public Builder hasher(PasswordHasher hasher) {
            this.hasher = hasher;
            return this;
        }

        /** Failed logins counted in the database, shared with every server on it. */
        public Builder sharedThrottle() {
            this.sharedThrottle = true;
            return this;
        }

        /** A readiness check beside the database's. */
        public Builder readinessCheck(String name, io.netauth.server.ReadinessCheck check) {
            checks.put(name, check);
            return this;
        }

        public RunningServer start() {
            return new RunningServer(this);
        }
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
        database.userDirectory().createUser(name, hasher.hash(password), List.of(roles));
    }

    /**
     * Adds an account the way a version before the username profile could, under a name the profile now refuses
     * (a space at either end, say): the row as that version wrote it, without a confusable key.
     */
    public void addLegacyUser(String name, String password, String... roles) {
        try (java.sql.Connection c = database.dataSource().getConnection();
                java.sql.PreparedStatement s = c.prepareStatement("INSERT INTO auth_users (id, username, "
                        + "normalized_username, password_hash, roles, enabled, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, TRUE, 0, 0)")) {
            s.setString(1, java.util.UUID.randomUUID().toString());
            s.setString(2, name);
            s.setString(3, io.netauth.core.Usernames.normalize(name));
            s.setString(4, hasher.hash(password));
            s.setString(5, String.join(",", roles));
            s.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Registers a client, as the {@code clients add} command does. */
    public io.netauth.core.client.ClientRegistry.NewClient addClient(io.netauth.core.client.ClientSpec spec) {
        return new io.netauth.core.client.ClientRegistry(database.clientStore(),
                new io.netauth.core.ChangeFeed(database.changeStore(), Clock.systemUTC()), Clock.systemUTC()).add(spec);
    }

    /** {@code POST} of a form body, with {@code Authorization: <authorization>} unless {@code null}. */
    public HttpResponse<String> postForm(String path, String authorization, String form) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    /** The Basic credentials of RFC 6749 section 2.3.1: id and secret form-encoded, then Base64. */
    public static String basic(String clientId, String secret) {
        java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
        return "Basic " + java.util.Base64.getEncoder().encodeToString((java.net.URLEncoder.encode(clientId, utf8)
                + ':' + java.net.URLEncoder.encode(secret, utf8)).getBytes(utf8));
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

    /** Sees every exchange of {@link #send}: the build checks each against docs/openapi.yaml. */
    @FunctionalInterface
    public interface ExchangeCheck {
        void check(HttpRequest request, String requestBody, HttpResponse<String> response);
    }

    private static volatile ExchangeCheck exchangeCheck = (request, body, response) -> { };

    public static void checkEveryExchange(ExchangeCheck check) {
        exchangeCheck = check;
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            exchangeCheck.check(request, RequestBodies.of(request), response);
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One request of many sent at the same moment. */
    @FunctionalInterface
    public interface Request {
        HttpResponse<String> send(int index) throws Exception;
    }

    /** Sends {@code count} requests at once, each on its own thread, and answers their responses in order. */
    public static List<HttpResponse<String>> concurrently(int count, Request request) throws Exception {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(count);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<HttpResponse<String>>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                sent.add(threads.submit(() -> {
                    go.await();
                    return request.send(index);
                }));
            }
            go.countDown();
            List<HttpResponse<String>> answers = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            threads.shutdownNow();
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
