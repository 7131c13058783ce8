package io.netauth.server;

import io.netauth.core.LoginThrottle;
import io.netauth.core.RefreshTokenRotation;
import io.netauth.server.internal.ClientAddresses;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the HTTP server needs to know, validated once when built; immutable and thread-safe.
 * Defaults are the constants below.
 */
public final class AuthServerConfig {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_INITIAL_LINE_LENGTH = 4096;
    public static final int DEFAULT_MAX_HEADER_SIZE = 8192;
    public static final int DEFAULT_MAX_CONTENT_LENGTH = 8192;
    public static final int DEFAULT_MAX_PIPELINED_REQUESTS = 16;
    public static final int DEFAULT_BLOCKING_QUEUE_CAPACITY = 1024;
    public static final int DEFAULT_HASHING_QUEUE_PER_THREAD = 16;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_JWKS_MAX_AGE = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final String host;
    private final int port;
    private final int maxInitialLineLength;
    private final int maxHeaderSize;
    private final int maxContentLength;
    private final int maxPipelinedRequests;
    private final int ioThreads;
    private final int hashingThreads;
    private final int hashingQueueCapacity;
    private final int blockingThreads;
    private final int blockingQueueCapacity;
    private final boolean nativeTransport;
    private final Duration shutdownTimeout;
    private final Duration refreshIdleLifetime;
    private final Duration refreshAbsoluteLifetime;
    private final Duration refreshReuseGrace;
    private final Duration purgeInterval;
    private final Duration jwksMaxAge;
    private final int maxConnections;
    private final Duration idleTimeout;
    private final Duration requestTimeout;
    private final List<String> trustedProxies;
    private final LoginThrottle.Policy accountThrottle;
    private final LoginThrottle.Policy clientThrottle;
    private final int managementPort;
    private final String managementHost;
    private final java.nio.file.Path tlsCertificateChain;
    private final java.nio.file.Path tlsPrivateKey;
    private final Duration tlsReloadInterval;
    private final boolean adminApi;
    private final String adminRole;

    private AuthServerConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.maxInitialLineLength = b.maxInitialLineLength;
        this.maxHeaderSize = b.maxHeaderSize;
        this.maxContentLength = b.maxContentLength;
        this.maxPipelinedRequests = b.maxPipelinedRequests;
        this.ioThreads = b.ioThreads;
        this.hashingThreads = b.hashingThreads;
        this.hashingQueueCapacity = b.hashingQueueCapacity > 0
                ? b.hashingQueueCapacity : b.hashingThreads * DEFAULT_HASHING_QUEUE_PER_THREAD;
        this.blockingThreads = b.blockingThreads;
        this.blockingQueueCapacity = b.blockingQueueCapacity;
        this.nativeTransport = b.nativeTransport;
        this.shutdownTimeout = b.shutdownTimeout;
        this.refreshIdleLifetime = b.refreshIdleLifetime;
        this.refreshAbsoluteLifetime = b.refreshAbsoluteLifetime;
        this.refreshReuseGrace = b.refreshReuseGrace;
        this.purgeInterval = b.purgeInterval;
        this.jwksMaxAge = b.jwksMaxAge;
        this.maxConnections = b.maxConnections;
        this.idleTimeout = b.idleTimeout;
        this.requestTimeout = b.requestTimeout;
        this.trustedProxies = b.trustedProxies;
        this.accountThrottle = b.accountThrottle;
        this.clientThrottle = b.clientThrottle;
        this.managementPort = b.managementPort;
        this.managementHost = b.managementHost;
        this.tlsCertificateChain = b.tlsCertificateChain;
        this.tlsPrivateKey = b.tlsPrivateKey;
        this.tlsReloadInterval = b.tlsReloadInterval;
        this.adminApi = b.adminApi;
        this.adminRole = b.adminRole;
        if ((tlsCertificateChain == null) != (tlsPrivateKey == null)) {
            throw new IllegalArgumentException("tls: a certificate chain and a private key go together "
                    + "(expected: both or neither)");
        }
        if (refreshAbsoluteLifetime.compareTo(refreshIdleLifetime) < 0) {
            throw new IllegalArgumentException("refreshAbsoluteLifetime: " + refreshAbsoluteLifetime
                    + " (expected: >= refreshIdleLifetime " + refreshIdleLifetime + ")");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A config with every default. */
    public static AuthServerConfig defaults() {
        return builder().build();
    }

    public String host() {
        return host;
    }

    /** The port to bind; 0 picks a free one, readable from {@link AuthServer#port()} after start. */
    public int port() {
        return port;
    }

    public int maxInitialLineLength() {
        return maxInitialLineLength;
    }

    public int maxHeaderSize() {
        return maxHeaderSize;
    }

    public int maxContentLength() {
        return maxContentLength;
    }

    public int maxPipelinedRequests() {
        return maxPipelinedRequests;
    }

    public int ioThreads() {
        return ioThreads;
    }

    public int hashingThreads() {
        return hashingThreads;
    }

    public int hashingQueueCapacity() {
        return hashingQueueCapacity;
    }

    public int blockingThreads() {
        return blockingThreads;
    }

    public int blockingQueueCapacity() {
        return blockingQueueCapacity;
    }

    public boolean nativeTransport() {
        return nativeTransport;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** How long an unused refresh token stays valid. */
    public Duration refreshIdleLifetime() {
        return refreshIdleLifetime;
    }

    /** How long a login's refresh tokens can be renewed, however often they are used. */
    public Duration refreshAbsoluteLifetime() {
        return refreshAbsoluteLifetime;
    }

    /** How long after its refresh a spent token is refused without revoking its family. */
    public Duration refreshReuseGrace() {
        return refreshReuseGrace;
    }

    /** How often expired and revoked refresh tokens are deleted. */
    public Duration purgeInterval() {
        return purgeInterval;
    }

    /** The {@code max-age} of the JWKS response. */
    public Duration jwksMaxAge() {
        return jwksMaxAge;
    }

    /** Open connections beyond which a new one gets a 503 and is closed. */
    public int maxConnections() {
        return maxConnections;
    }

    /** A connection with no read or write for this long is closed. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** From a request's first byte to its last: longer gets a 408 and a closed connection. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Peers whose {@code X-Forwarded-For} is believed: IP addresses or CIDR blocks. */
    public List<String> trustedProxies() {
        return trustedProxies;
    }

    /** Failed logins per account before and between delays. */
    public LoginThrottle.Policy accountThrottle() {
        return accountThrottle;
    }

    /** Failed logins per client address before and between delays. */
    public LoginThrottle.Policy clientThrottle() {
        return clientThrottle;
    }

    /**
     * The port of {@code /health*} and {@code /metrics} when they are kept off the public port; {@code -1}
     * (the default) serves them on the main port, 0 picks a free port.
     */
    public int managementPort() {
        return managementPort;
    }

    public String managementHost() {
        return managementHost;
    }

    /** Whether {@code /admin/users} is served (off by default). */
    public boolean adminApi() {
        return adminApi;
    }

    /** The role an access token must carry to use the admin API. */
    public String adminRole() {
        return adminRole;
    }

    /** Whether the main port speaks TLS. */
    public boolean tlsEnabled() {
        return tlsCertificateChain != null;
    }

    /** PEM certificate chain, leaf first; {@code null} without TLS. */
    public java.nio.file.Path tlsCertificateChain() {
        return tlsCertificateChain;
    }

    /** PEM private key (PKCS#8); {@code null} without TLS. */
    public java.nio.file.Path tlsPrivateKey() {
        return tlsPrivateKey;
    }

    /** How often the TLS files are checked for a change. */
    public Duration tlsReloadInterval() {
        return tlsReloadInterval;
    }

    /** Builds an {@link AuthServerConfig}; not thread-safe. Each setter checks its own value at once. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int maxInitialLineLength = DEFAULT_MAX_INITIAL_LINE_LENGTH;
        private int maxHeaderSize = DEFAULT_MAX_HEADER_SIZE;
        private int maxContentLength = DEFAULT_MAX_CONTENT_LENGTH;
        private int maxPipelinedRequests = DEFAULT_MAX_PIPELINED_REQUESTS;
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private int hashingThreads = Runtime.getRuntime().availableProcessors();
        private int hashingQueueCapacity;
        private int blockingThreads = 10;
        private int blockingQueueCapacity = DEFAULT_BLOCKING_QUEUE_CAPACITY;
        private boolean nativeTransport = true;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private Duration refreshIdleLifetime = RefreshTokenRotation.DEFAULT_IDLE_LIFETIME;
        private Duration refreshAbsoluteLifetime = RefreshTokenRotation.DEFAULT_ABSOLUTE_LIFETIME;
        private Duration refreshReuseGrace = RefreshTokenRotation.DEFAULT_REUSE_GRACE;
        private Duration purgeInterval = DEFAULT_PURGE_INTERVAL;
        private Duration jwksMaxAge = DEFAULT_JWKS_MAX_AGE;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private List<String> trustedProxies = List.of();
        private LoginThrottle.Policy accountThrottle = LoginThrottle.DEFAULT_ACCOUNT_POLICY;
        private LoginThrottle.Policy clientThrottle = LoginThrottle.DEFAULT_CLIENT_POLICY;
        private int managementPort = -1;
        private String managementHost = "127.0.0.1";
        private java.nio.file.Path tlsCertificateChain;
        private java.nio.file.Path tlsPrivateKey;
        private Duration tlsReloadInterval = Duration.ofSeconds(30);
        private boolean adminApi;
        private String adminRole = "admin";

        private Builder() {
        }

        /** Serve the admin API to tokens carrying {@code role}. Off by default. */
        public Builder adminApi(boolean enabled, String role) {
            if (role == null || !role.matches("[A-Za-z0-9_.:\\-]{1,64}")) {
                throw new IllegalArgumentException("adminRole: '" + role + "' (expected: a role name)");
            }
            this.adminApi = enabled;
            this.adminRole = role;
            return this;
        }

        /** Serve TLS (1.2 and 1.3) with this PEM certificate chain and PEM private key. Off by default. */
        public Builder tls(java.nio.file.Path certificateChain, java.nio.file.Path privateKey) {
            this.tlsCertificateChain = Objects.requireNonNull(certificateChain, "certificateChain");
            this.tlsPrivateKey = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        public Builder tlsReloadInterval(Duration interval) {
            this.tlsReloadInterval = checkDuration("tlsReloadInterval", interval, Duration.ofSeconds(1),
                    Duration.ofHours(1));
            return this;
        }

        /** Serve health and metrics on this port only (-1: on the main port, the default). */
        public Builder managementPort(int port) {
            this.managementPort = checkRange("managementPort", port, -1, 65535);
            return this;
        }

        public Builder managementHost(String host) {
            this.managementHost = Objects.requireNonNull(host, "managementHost");
            return this;
        }

        public Builder maxConnections(int connections) {
            this.maxConnections = checkRange("maxConnections", connections, 1, 1 << 24);
            return this;
        }

        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = checkDuration("idleTimeout", timeout, Duration.ofSeconds(1), Duration.ofHours(1));
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = checkDuration("requestTimeout", timeout, Duration.ofMillis(100),
                    Duration.ofMinutes(10));
            return this;
        }

        /** IP addresses or CIDR blocks of the proxies in front of the server; checked at once. */
        public Builder trustedProxies(List<String> proxies) {
            new ClientAddresses(proxies); // parses, and names a bad entry
            this.trustedProxies = List.copyOf(proxies);
            return this;
        }

        public Builder accountThrottle(LoginThrottle.Policy policy) {
            this.accountThrottle = Objects.requireNonNull(policy, "accountThrottle");
            return this;
        }

        public Builder clientThrottle(LoginThrottle.Policy policy) {
            this.clientThrottle = Objects.requireNonNull(policy, "clientThrottle");
            return this;
        }

        public Builder refreshIdleLifetime(Duration lifetime) {
            this.refreshIdleLifetime = checkDuration("refreshIdleLifetime", lifetime, Duration.ofMinutes(1),
                    Duration.ofDays(365));
            return this;
        }

        public Builder refreshAbsoluteLifetime(Duration lifetime) {
            this.refreshAbsoluteLifetime = checkDuration("refreshAbsoluteLifetime", lifetime, Duration.ofMinutes(1),
                    Duration.ofDays(365));
            return this;
        }

        public Builder refreshReuseGrace(Duration grace) {
            this.refreshReuseGrace = checkDuration("refreshReuseGrace", grace, Duration.ZERO, Duration.ofMinutes(1));
            return this;
        }

        public Builder purgeInterval(Duration interval) {
            this.purgeInterval = checkDuration("purgeInterval", interval, Duration.ofSeconds(1), Duration.ofDays(1));
            return this;
        }

        public Builder jwksMaxAge(Duration maxAge) {
            this.jwksMaxAge = checkDuration("jwksMaxAge", maxAge, Duration.ZERO, Duration.ofDays(1));
            return this;
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            this.port = checkRange("port", port, 0, 65535);
            return this;
        }

        public Builder maxInitialLineLength(int bytes) {
            this.maxInitialLineLength = checkRange("maxInitialLineLength", bytes, 256, 65536);
            return this;
        }

        public Builder maxHeaderSize(int bytes) {
            this.maxHeaderSize = checkRange("maxHeaderSize", bytes, 1024, 1 << 20);
            return this;
        }

        public Builder maxContentLength(int bytes) {
            this.maxContentLength = checkRange("maxContentLength", bytes, 256, 1 << 20);
            return this;
        }

        public Builder maxPipelinedRequests(int requests) {
            this.maxPipelinedRequests = checkRange("maxPipelinedRequests", requests, 1, 1024);
            return this;
        }

        public Builder ioThreads(int threads) {
            this.ioThreads = checkRange("ioThreads", threads, 1, 1024);
            return this;
        }

        public Builder hashingThreads(int threads) {
            this.hashingThreads = checkRange("hashingThreads", threads, 1, 1024);
            return this;
        }

        /** Logins waiting for a hashing thread beyond which {@code POST /auth} answers 503 at once. */
        public Builder hashingQueueCapacity(int tasks) {
            this.hashingQueueCapacity = checkRange("hashingQueueCapacity", tasks, 1, 1 << 20);
            return this;
        }

        /** Threads for JDBC calls; match the connection pool, so that no thread waits for a connection. */
        public Builder blockingThreads(int threads) {
            this.blockingThreads = checkRange("blockingThreads", threads, 1, 1024);
            return this;
        }

        public Builder blockingQueueCapacity(int tasks) {
            this.blockingQueueCapacity = checkRange("blockingQueueCapacity", tasks, 1, 1 << 20);
            return this;
        }

        /** Use epoll where it loads (the default); {@code false} forces NIO. */
        public Builder nativeTransport(boolean enabled) {
            this.nativeTransport = enabled;
            return this;
        }

        /** How long {@link AuthServer#close()} waits for requests in flight. */
        public Builder shutdownTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("shutdownTimeout: " + timeout + " (expected: 0s to 5m)");
            }
            this.shutdownTimeout = timeout;
            return this;
        }

        public AuthServerConfig build() {
            return new AuthServerConfig(this);
        }

        private static Duration checkDuration(String name, Duration value, Duration min, Duration max) {
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + " to " + max + ")");
            }
            return value;
        }

        private static int checkRange(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + ".." + max + ")");
            }
            return value;
        }
    }
}
