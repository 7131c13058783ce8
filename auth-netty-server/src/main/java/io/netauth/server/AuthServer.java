package io.netauth.server;

import io.netauth.core.AuthenticationService;
import io.netauth.core.CredentialStore;
import io.netauth.core.UserDirectory;
import io.netauth.core.InMemoryLoginThrottle;
import io.netauth.core.LoginThrottle;
import io.netauth.core.PasswordHasher;
import io.netauth.core.RefreshTokenRotation;
import io.netauth.core.RefreshTokenStore;
import io.netauth.core.StandardPasswordHasher;
import io.netauth.core.token.JwtTokens;
import io.netauth.server.internal.AdminEndpoint;
import io.netauth.server.internal.AuthServerInitializer;
import io.netauth.server.internal.ClientAddresses;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netauth.server.internal.Endpoint;
import io.netauth.server.internal.HealthEndpoints;
import io.netauth.server.internal.InFlightRequests;
import io.netauth.server.internal.MetricsEndpoint;
import io.netauth.server.internal.ServerMetrics;
import io.netauth.server.internal.TimedPasswordHasher;
import io.netauth.server.internal.TlsContexts;
import io.netauth.server.internal.LoginAudit;
import io.netauth.server.internal.Maintenance;
import io.netauth.server.internal.Router;
import io.netauth.server.internal.Routes;
import io.netauth.server.internal.ServerExecutors;
import io.netauth.server.internal.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embeddable HTTP authentication server. Build it with {@link #builder()}, {@link #start()} it, read the
 * bound {@link #port()}, and {@link #close()} it; it owns its threads and holds no global state, so several
 * can run in one JVM.
 *
 * <pre>{@code
 * try (AuthServer server = AuthServer.builder()
 *         .config(AuthServerConfig.builder().port(0).build())
 *         .credentialStore(myStore)
 *         .tokens(JwtTokens.builder().build(database.signingKeyStore()))
 *         .refreshTokenStore(database.refreshTokenStore())
 *         .build()
 *         .start()) {
 *     int port = server.port();
 * }
 * }</pre>
 *
 * <p>Threads: {@code netauth-io} event loops decode HTTP and never block; {@code netauth-blocking} runs the
 * {@link CredentialStore} and the {@link RefreshTokenStore} (and signs refreshed tokens);
 * {@code netauth-hashing} runs the {@link PasswordHasher} and signs tokens at login;
 * {@code netauth-maintenance} reloads keys and purges refresh tokens. Access tokens are verified on the event
 * loop: a cache lookup or one signature check, never behind a password hash. {@code start} and {@code close} are not meant to race each other; the rest is
 * thread-safe.
 */
public final class AuthServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuthServer.class);

    private final AuthServerConfig config;
    private final CredentialStore credentialStore;
    private final PasswordHasher passwordHasher;
    private final JwtTokens tokens;
    private final RefreshTokenStore refreshTokenStore;
    private final Clock clock;
    private final InFlightRequests inFlight = new InFlightRequests();
    private final LoginAudit audit = new LoginAudit();

    private Transport transport;
    private ServerExecutors executors;
    private Maintenance maintenance;
    private EventLoopGroup bossGroup;
    private EventLoopGroup ioGroup;
    private ChannelGroup connections;
    private Channel serverChannel;
    private Channel managementChannel;
    private final PrometheusMeterRegistry meterRegistry;
    private final Map<String, ReadinessCheck> readinessChecks;
    private ServerMetrics metrics;
    private final LoginThrottle.Factory throttleFactory;
    private final UserDirectory userDirectory;
    private boolean closed;

    private AuthServer(Builder b) {
        this.config = b.config;
        this.credentialStore = Objects.requireNonNull(b.credentialStore, "credentialStore");
        this.tokens = Objects.requireNonNull(b.tokens, "tokens");
        this.refreshTokenStore = Objects.requireNonNull(b.refreshTokenStore, "refreshTokenStore");
        this.clock = b.clock;
        this.throttleFactory = b.throttleFactory;
        this.userDirectory = b.userDirectory;
        if (config.adminApi() && userDirectory == null) {
            throw new IllegalStateException("the admin API is on but no userDirectory was given");
        }
        this.meterRegistry = b.meterRegistry != null ? b.meterRegistry
                : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Map<String, ReadinessCheck> checks = new LinkedHashMap<>(b.readinessChecks);
        checks.put("signing_key", () -> tokens.activeKey() != null);
        this.readinessChecks = Map.copyOf(checks);
        this.passwordHasher = b.passwordHasher != null ? b.passwordHasher : StandardPasswordHasher.owaspDefaults();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the pools and binds the port. Blocks until the server accepts connections.
     *
     * @return this server
     * @throws IllegalStateException if already started
     * @throws ServerStartException if the port cannot be bound
     */
    public synchronized AuthServer start() {
        if (serverChannel != null || closed) {
            throw new IllegalStateException("AuthServer can be started once");
        }
        transport = Transport.choose(config.nativeTransport());
        TlsContexts tls = config.tlsEnabled()
                ? new TlsContexts(config.tlsCertificateChain(), config.tlsPrivateKey()) : null;
        executors = new ServerExecutors(config.blockingThreads(), config.blockingQueueCapacity(),
                config.hashingThreads(), config.hashingQueueCapacity());
        RefreshTokenRotation refreshTokens = new RefreshTokenRotation(refreshTokenStore,
                config.refreshIdleLifetime(), config.refreshAbsoluteLifetime(), config.refreshReuseGrace(), clock);
        metrics = new ServerMetrics(meterRegistry);
        AuthenticationService service = new AuthenticationService(credentialStore,
                TimedPasswordHasher.of(passwordHasher, metrics), tokens.tokenIssuer(), refreshTokens,
                executors.blockingExecutor(), executors.hashingExecutor());
        metrics.bind(executors, audit, tokens);
        maintenance = new Maintenance(tokens, refreshTokens, config.purgeInterval(), tls,
                config.tlsReloadInterval());

        LoginThrottle throttle = throttleFactory != null
                ? throttleFactory.create(executors.blockingExecutor(), clock)
                : new InMemoryLoginThrottle(config.accountThrottle(), config.clientThrottle(),
                        LoginThrottle.DEFAULT_MAX_TRACKED, clock);
        Map<String, Map<HttpMethod, Endpoint>> routes = new HashMap<>(Routes.standard(config, service, tokens, audit,
                throttle, executors::hashingHasRoom));
        HealthEndpoints health = new HealthEndpoints(readinessChecks, executors.blockingExecutor(),
                Duration.ofSeconds(1));
        Map<String, Map<HttpMethod, Endpoint>> management = Map.of(
                "/health/live", Map.of(HttpMethod.GET, health.live()),
                "/health/ready", Map.of(HttpMethod.GET, health.ready()),
                "/health", Map.of(HttpMethod.GET, health.ready()),
                "/metrics", Map.of(HttpMethod.GET, new MetricsEndpoint(meterRegistry)));
        if (config.managementPort() < 0) {
            routes.putAll(management);
        }
        Map<String, Endpoint> prefixes = Map.of();
        if (config.adminApi()) {
            prefixes = Map.of(AdminEndpoint.PREFIX, new AdminEndpoint(tokens.tokenVerifier(), config.adminRole(),
                    userDirectory, passwordHasher, executors.blockingExecutor(), executors.hashingExecutor(),
                    new ClientAddresses(config.trustedProxies())));
        }
        Router router = new Router(routes, prefixes, inFlight, metrics);

        bossGroup = transport.newGroup("netauth-accept", 1);
        ioGroup = transport.newGroup("netauth-io", config.ioThreads());
        connections = new DefaultChannelGroup("netauth-connections", GlobalEventExecutor.INSTANCE);
        try {
            serverChannel = new ServerBootstrap()
                    .group(bossGroup, ioGroup)
                    .channel(transport.serverChannelClass())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new AuthServerInitializer(config, router, connections, tls))
                    .bind(config.host(), config.port())
                    .syncUninterruptibly()
                    .channel();
            if (config.managementPort() >= 0) {
                managementChannel = new ServerBootstrap()
                        .group(bossGroup, ioGroup)
                        .channel(transport.serverChannelClass())
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(new AuthServerInitializer(config, new Router(management, inFlight, metrics),
                                connections, null))
                        .bind(config.managementHost(), config.managementPort())
                        .syncUninterruptibly()
                        .channel();
                log.info("Health and metrics on {}", managementChannel.localAddress());
            }
        } catch (Exception e) { // bind failures arrive as undeclared IOExceptions
            releaseResources();
            throw new ServerStartException("cannot listen on " + config.host() + ':' + config.port() + ": "
                    + e.getMessage(), e);
        }
        String whyNotNative = Transport.unavailabilityReason();
        log.info("Listening on {} ({}) with transport {}{}", serverChannel.localAddress(),
                tls == null ? "http" : "https, TLS by " + tls.provider(), transport.name(),
                whyNotNative == null || !config.nativeTransport() ? "" : " (epoll unavailable: " + whyNotNative + ')');
        return this;
    }

    /** The bound port; with port 0 configured, the one the OS chose. */
    public int port() {
        return address().getPort();
    }

    /** The bound address. */
    public synchronized InetSocketAddress address() {
        if (serverChannel == null) {
            throw new IllegalStateException("AuthServer is not started");
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /**
     * Login outcomes counted since start, by outcome ({@code success}, {@code invalid_credentials},
     * {@code throttled}, {@code overloaded}, {@code unavailable}, {@code error}): for metrics and alerts.
     */
    public Map<String, Long> loginOutcomes() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (LoginAudit.Outcome outcome : LoginAudit.Outcome.values()) {
            counts.put(outcome.label(), audit.count(outcome));
        }
        return counts;
    }

    /** The port of health and metrics when {@link AuthServerConfig#managementPort()} is set; else the main port. */
    public synchronized int managementPort() {
        return managementChannel != null ? ((InetSocketAddress) managementChannel.localAddress()).getPort() : port();
    }

    /** The registry behind {@code /metrics}; bind more meters to it (the connection pool's, for one). */
    public PrometheusMeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /** {@code epoll} or {@code nio}. */
    public synchronized String transportName() {
        if (transport == null) {
            throw new IllegalStateException("AuthServer is not started");
        }
        return transport.name();
    }

    /**
     * Stops accepting, lets requests in flight finish (up to {@link AuthServerConfig#shutdownTimeout()}),
     * then closes connections and threads. Idempotent. Does not close the stores, which the caller owns.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        if (managementChannel != null) {
            managementChannel.close().syncUninterruptibly();
        }
        try {
            if (!inFlight.awaitNone(config.shutdownTimeout())) {
                log.warn("Closing with {} requests still in flight after {}", inFlight.count(),
                        config.shutdownTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        releaseResources();
        log.info("Stopped listening on {}", serverChannel.localAddress());
    }

    private void releaseResources() {
        if (maintenance != null) {
            maintenance.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (connections != null) {
            connections.close().awaitUninterruptibly(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        try {
            executors.shutdown(config.shutdownTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Builds an {@link AuthServer}; not thread-safe. */
    public static final class Builder {
        private AuthServerConfig config = AuthServerConfig.defaults();
        private CredentialStore credentialStore;
        private PasswordHasher passwordHasher;
        private JwtTokens tokens;
        private RefreshTokenStore refreshTokenStore;
        private Clock clock = Clock.systemUTC();
        private PrometheusMeterRegistry meterRegistry;
        private LoginThrottle.Factory throttleFactory;
        private UserDirectory userDirectory;
        private final Map<String, ReadinessCheck> readinessChecks = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder config(AuthServerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Required: where accounts live. */
        public Builder credentialStore(CredentialStore store) {
            this.credentialStore = Objects.requireNonNull(store, "credentialStore");
            return this;
        }

        /** Optional: defaults to {@link StandardPasswordHasher#owaspDefaults()}. */
        public Builder passwordHasher(PasswordHasher hasher) {
            this.passwordHasher = Objects.requireNonNull(hasher, "passwordHasher");
            return this;
        }

        /** Required: the keys that sign and verify access tokens, and the tokens' claims and lifetime. */
        public Builder tokens(JwtTokens tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        /** Required: where refresh token digests live. */
        public Builder refreshTokenStore(RefreshTokenStore store) {
            this.refreshTokenStore = Objects.requireNonNull(store, "refreshTokenStore");
            return this;
        }

        /** Optional: the clock of refresh token lifetimes and login throttling; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Optional: where failed logins are counted; by default in memory with the config's policies. Use
         * {@code JdbcLoginThrottle} to share the counters between processes on one database.
         */
        public Builder loginThrottle(LoginThrottle.Factory factory) {
            this.throttleFactory = Objects.requireNonNull(factory, "loginThrottle");
            return this;
        }

        /** Required with the admin API on: where it creates and changes users. */
        public Builder userDirectory(UserDirectory directory) {
            this.userDirectory = Objects.requireNonNull(directory, "userDirectory");
            return this;
        }

        /** Optional: the registry behind {@code /metrics}; a new one by default. */
        public Builder meterRegistry(PrometheusMeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
            return this;
        }

        /** Adds a check to {@code /health/ready}, such as {@code "database"}. */
        public Builder readinessCheck(String name, ReadinessCheck check) {
            this.readinessChecks.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check"));
            return this;
        }

        /** Checks that the required parts are set; nothing starts until {@link AuthServer#start()}. */
        public AuthServer build() {
            return new AuthServer(this);
        }
    }
}
