package io.netauth.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.netauth.core.CredentialStore;
import io.netauth.core.LoginOutcomes;
import io.netauth.core.LoginThrottle;
import io.netauth.core.PasswordHasher;
import io.netauth.core.RefreshTokenStore;
import io.netauth.core.StandardPasswordHasher;
import io.netauth.core.UserDirectory;
import io.netauth.core.token.JwtTokens;
import io.netauth.server.internal.AuthServerInitializer;
import io.netauth.server.internal.Maintenance;
import io.netauth.server.internal.ServerAssembly;
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
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import io.netauth.core.ChangeStore;
import io.netauth.core.client.ClientStore;
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

    private final ServerAssembly.Parts parts;

    private Transport transport;
    private ServerExecutors executors;
    private ServerAssembly assembly;
    private EventLoopGroup bossGroup;
    private EventLoopGroup ioGroup;
    private ChannelGroup connections;
    private Channel serverChannel;
    private Channel managementChannel;
    private boolean closed;

    private AuthServer(Builder b) {
        this.parts = new ServerAssembly.Parts(b.config,
                Objects.requireNonNull(b.credentialStore, "credentialStore"),
                b.passwordHasher != null ? b.passwordHasher : StandardPasswordHasher.owaspDefaults(),
                Objects.requireNonNull(b.tokens, "tokens"),
                Objects.requireNonNull(b.refreshTokenStore, "refreshTokenStore"), b.clock, b.throttleFactory,
                b.userDirectory, b.meterRegistry, Map.copyOf(b.readinessChecks), b.clientStore, b.changeStore,
                b.mfaStore, b.sessionStore, b.oidcStore);
        if (b.config.adminApi() && b.userDirectory == null) {
            throw new IllegalStateException("the admin API is on but no userDirectory was given");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the pools, assembles the endpoints and binds the port. Blocks until the server accepts
     * connections.
     *
     * @return this server
     * @throws IllegalStateException if already started
     * @throws ServerStartException if the port cannot be bound
     */
    public synchronized AuthServer start() {
        if (serverChannel != null || closed) {
            throw new IllegalStateException("AuthServer can be started once");
        }
        AuthServerConfig config = parts.config();
        transport = Transport.choose(config.nativeTransport());
        executors = new ServerExecutors(config.blockingThreads(), config.blockingQueueCapacity(),
                config.hashingThreads(), config.hashingQueueCapacity(), config.signingThreads(),
                config.signingQueueCapacity());
        Maintenance.Scheduler scheduler = Maintenance.oneThread();
        try {
            assembly = new ServerAssembly(parts, executors, scheduler);
        } catch (RuntimeException e) { // a TLS file that does not load, say: the pools must not outlive the failure
            scheduler.close();
            releaseResources();
            throw e;
        }
        bossGroup = transport.newGroup("netauth-accept", 1);
        ioGroup = transport.newGroup("netauth-io", config.ioThreads());
        connections = new DefaultChannelGroup("netauth-connections", GlobalEventExecutor.INSTANCE);
        try {
            serverChannel = new ServerBootstrap()
                    .group(bossGroup, ioGroup)
                    .channel(transport.serverChannelClass())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new AuthServerInitializer(config, assembly.router(), connections, assembly.tls()))
                    .bind(config.host(), config.port())
                    .syncUninterruptibly()
                    .channel();
            if (assembly.managementRouter() != null) {
                managementChannel = new ServerBootstrap()
                        .group(bossGroup, ioGroup)
                        .channel(transport.serverChannelClass())
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(new AuthServerInitializer(config, assembly.managementRouter(), connections,
                                null))
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
                assembly.tls() == null ? "http" : "https, TLS by " + assembly.tls().provider(), transport.name(),
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

    /** Login and refresh outcomes counted since start: for metrics and alerts. */
    public synchronized LoginOutcomes loginOutcomes() {
        requireStarted();
        return assembly.service().outcomes();
    }

    /** The management port (metrics, detailed health), or -1 with {@code management-port=-1}. */
    public synchronized int managementPort() {
        return managementChannel != null ? ((InetSocketAddress) managementChannel.localAddress()).getPort() : -1;
    }

    /**
     * The registry the server's meters are on; bind more meters to it (the connection pool's, for one). It is
     * the one given to the builder, joined with the Prometheus registry behind {@code /metrics} when the one
     * given is of another kind.
     */
    public synchronized MeterRegistry meterRegistry() {
        requireStarted();
        return assembly.meterRegistry();
    }

    /** {@code epoll} or {@code nio}. */
    public synchronized String transportName() {
        requireStarted();
        return transport.name();
    }

    private void requireStarted() {
        if (assembly == null) {
            throw new IllegalStateException("AuthServer is not started");
        }
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
        AuthServerConfig config = parts.config();
        try {
            if (!assembly.inFlight().awaitNone(config.shutdownTimeout())) {
                log.warn("Closing with {} requests still in flight after {}", assembly.inFlight().count(),
                        config.shutdownTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        releaseResources();
        log.info("Stopped listening on {}", serverChannel.localAddress());
    }

    /** Releases whatever {@link #start()} made so far, in the reverse order. */
    private void releaseResources() {
        AuthServerConfig config = parts.config();
        if (assembly != null) {
            assembly.close();
        }
        if (connections != null) {
            connections.close().awaitUninterruptibly(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        for (EventLoopGroup group : new EventLoopGroup[] {bossGroup, ioGroup}) {
            if (group != null) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
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
        private MeterRegistry meterRegistry;
        private LoginThrottle.Factory throttleFactory;
        private UserDirectory userDirectory;
        private ClientStore clientStore;
        private ChangeStore changeStore;
        private io.netauth.core.mfa.MfaStore mfaStore;
        private io.netauth.core.session.SessionStore sessionStore;
        private io.netauth.core.oidc.OidcStore oidcStore;
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
         * Optional: where failed logins are counted; by default in memory with the config's {@code throttle-*}
         * settings. Use {@code JdbcLoginThrottle} to share the counters between processes on one database.
         */
        public Builder loginThrottle(LoginThrottle.Factory factory) {
            this.throttleFactory = Objects.requireNonNull(factory, "loginThrottle");
            return this;
        }

        /**
         * Optional: the OAuth client registry and the change feed, which turn on the {@code /oauth2} endpoints,
         * the authorization server metadata and revocation (shared by every process on the change feed).
         */
        public Builder oauth(ClientStore clients, ChangeStore changes) {
            this.clientStore = Objects.requireNonNull(clients, "clients");
            this.changeStore = Objects.requireNonNull(changes, "changes");
            return this;
        }

        /**
         * Optional: where second factors live, which turns on TOTP enrolment, the second step of a login
         * ({@code /auth/mfa}) and {@code mfa-required-roles}. Without it no login asks for a second factor.
         */
        public Builder mfaStore(io.netauth.core.mfa.MfaStore store) {
            this.mfaStore = Objects.requireNonNull(store, "mfaStore");
            return this;
        }

        /**
         * Optional: where browser sessions live, which turns on the sign-in pages ({@code /login},
         * {@code /logout}, {@code /account}), session cookies on {@code /auth/verify} and {@code /auth/forward}.
         * Needs {@link #oauth}'s change feed, through which a session's end reaches every process.
         */
        public Builder sessionStore(io.netauth.core.session.SessionStore store) {
            this.sessionStore = Objects.requireNonNull(store, "sessionStore");
            return this;
        }

        /**
         * Optional: where authorization codes and consents live, which turns on OpenID Connect
         * ({@code /oauth2/authorize}, {@code /oauth2/userinfo}, {@code /oauth2/logout}, discovery, and the
         * {@code authorization_code} grant). Needs {@link #oauth} and {@link #sessionStore}, and an asymmetric
         * {@code signing-alg} (clients verify ID tokens with the JWKS).
         */
        public Builder oidcStore(io.netauth.core.oidc.OidcStore store) {
            this.oidcStore = Objects.requireNonNull(store, "oidcStore");
            return this;
        }

        /** Required with the admin API on: where it creates and changes users. */
        public Builder userDirectory(UserDirectory directory) {
            this.userDirectory = Objects.requireNonNull(directory, "userDirectory");
            return this;
        }

        /**
         * Optional: where the server's meters go, any Micrometer registry; {@code /metrics} serves them in the
         * Prometheus format either way. A new Prometheus registry by default.
         */
        public Builder meterRegistry(MeterRegistry registry) {
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
