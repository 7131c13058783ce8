package io.netauth.server;

import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.InvalidSettingException;
import io.netauth.core.config.Setting;
import io.netauth.core.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the HTTP server needs to know: the {@link ServerSettings} and the core's refresh, throttle and
 * database pool settings ({@link CoreSettings}), validated once when built. Each setting's default, range and
 * meaning live in its declaration; the typed setters and getters here are shortcuts to them. Immutable and
 * thread-safe.
 */
public final class AuthServerConfig {

    private static final int HASHING_QUEUE_PER_THREAD = 16;

    private final Settings settings;
    private final int cores = Runtime.getRuntime().availableProcessors();

    private AuthServerConfig(Settings settings) {
        this.settings = settings;
        if (tlsCertificateChain() == null != (tlsPrivateKey() == null)) {
            Setting<String> missing = tlsCertificateChain() == null ? ServerSettings.TLS_CERT : ServerSettings.TLS_KEY;
            throw new InvalidSettingException(missing.key(), "", "tls-cert and tls-key together, or neither");
        }
        CoreSettings.checkRelations(settings);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A config with every default. */
    public static AuthServerConfig defaults() {
        return builder().build();
    }

    /** The value of any setting; the typed getters below are shortcuts. */
    public <T> T get(Setting<T> setting) {
        return settings.get(setting);
    }

    /** Every value, for the core's builders ({@code AuthenticationService}, throttles). */
    public Settings settings() {
        return settings;
    }

    public String host() {
        return get(ServerSettings.HOST);
    }

    /** The port to bind; 0 picks a free one, readable from {@link AuthServer#port()} after start. */
    public int port() {
        return get(ServerSettings.PORT);
    }

    public int maxInitialLineLength() {
        return get(ServerSettings.MAX_REQUEST_LINE);
    }

    public int maxHeaderSize() {
        return get(ServerSettings.MAX_HEADER_SIZE);
    }

    public int maxContentLength() {
        return get(ServerSettings.MAX_BODY_SIZE);
    }

    public int maxPipelinedRequests() {
        return get(ServerSettings.MAX_PIPELINED_REQUESTS);
    }

    public int ioThreads() {
        return orCores(get(ServerSettings.IO_THREADS));
    }

    public int hashingThreads() {
        return orCores(get(ServerSettings.HASHING_THREADS));
    }

    public int signingThreads() {
        return orCores(get(ServerSettings.SIGNING_THREADS));
    }

    public int signingQueueCapacity() {
        int queue = get(ServerSettings.SIGNING_QUEUE);
        return queue > 0 ? queue : signingThreads() * 64;
    }

    public int hashingQueueCapacity() {
        int queue = get(ServerSettings.HASHING_QUEUE);
        return queue > 0 ? queue : hashingThreads() * HASHING_QUEUE_PER_THREAD;
    }

    /** JDBC threads: one per pooled connection ({@code db-pool-size}), so that no thread waits for one. */
    public int blockingThreads() {
        return get(CoreSettings.DB_POOL_SIZE);
    }

    public int blockingQueueCapacity() {
        return get(ServerSettings.BLOCKING_QUEUE);
    }

    public boolean nativeTransport() {
        return get(ServerSettings.NATIVE_TRANSPORT);
    }

    public Duration shutdownTimeout() {
        return get(ServerSettings.SHUTDOWN_TIMEOUT);
    }

    public Duration refreshIdleLifetime() {
        return get(CoreSettings.REFRESH_IDLE_LIFETIME);
    }

    public Duration refreshAbsoluteLifetime() {
        return get(CoreSettings.REFRESH_ABSOLUTE_LIFETIME);
    }

    public Duration purgeInterval() {
        return get(ServerSettings.PURGE_INTERVAL);
    }

    public Duration jwksMaxAge() {
        return get(ServerSettings.JWKS_MAX_AGE);
    }

    public int maxConnections() {
        return get(ServerSettings.MAX_CONNECTIONS);
    }

    public Duration idleTimeout() {
        return get(ServerSettings.IDLE_TIMEOUT);
    }

    public Duration requestTimeout() {
        return get(ServerSettings.REQUEST_TIMEOUT);
    }

    public List<String> trustedProxies() {
        return get(ServerSettings.TRUSTED_PROXIES);
    }

    public int managementPort() {
        return get(ServerSettings.MANAGEMENT_PORT);
    }

    public String managementHost() {
        return get(ServerSettings.MANAGEMENT_HOST);
    }

    public boolean adminApi() {
        return get(ServerSettings.ADMIN_API);
    }

    public String adminRole() {
        return get(ServerSettings.ADMIN_ROLE);
    }

    public boolean tlsEnabled() {
        return tlsCertificateChain() != null;
    }

    /** PEM certificate chain, leaf first; {@code null} without TLS. */
    public Path tlsCertificateChain() {
        return pathOrNull(ServerSettings.TLS_CERT);
    }

    /** PEM private key (PKCS#8); {@code null} without TLS. */
    public Path tlsPrivateKey() {
        return pathOrNull(ServerSettings.TLS_KEY);
    }

    public Duration tlsReloadInterval() {
        return get(ServerSettings.TLS_RELOAD_INTERVAL);
    }

    private Path pathOrNull(Setting<String> setting) {
        String path = get(setting);
        return path.isEmpty() ? null : Path.of(path);
    }

    private int orCores(int threads) {
        return threads == 0 ? cores : threads;
    }

    /**
     * Builds an {@link AuthServerConfig}; not thread-safe. Each setter checks its value at once against the
     * setting's declaration; relations between settings are checked by {@link #build()}.
     */
    public static final class Builder {
        private final Settings.Builder settings = Settings.builder();

        private Builder() {
        }

        /** Sets any setting. */
        public <T> Builder set(Setting<T> setting, T value) {
            settings.set(setting, value);
            return this;
        }

        /** Takes every value of {@code values}; settings this config does not read are ignored. */
        public Builder settings(Settings values) {
            settings.setAll(values);
            return this;
        }

        /** Serve the admin API to tokens carrying {@code role}; {@code admin-api}, {@code admin-role}. */
        public Builder adminApi(boolean enabled, String role) {
            return set(ServerSettings.ADMIN_API, enabled).set(ServerSettings.ADMIN_ROLE, role);
        }

        /** Serve TLS (1.2 and 1.3) with this PEM certificate chain and PEM private key; {@code tls-*}. */
        public Builder tls(Path certificateChain, Path privateKey) {
            return set(ServerSettings.TLS_CERT, Objects.requireNonNull(certificateChain, "certificateChain").toString())
                    .set(ServerSettings.TLS_KEY, Objects.requireNonNull(privateKey, "privateKey").toString());
        }

        public Builder tlsReloadInterval(Duration interval) {
            return set(ServerSettings.TLS_RELOAD_INTERVAL, interval);
        }

        public Builder managementPort(int port) {
            return set(ServerSettings.MANAGEMENT_PORT, port);
        }

        public Builder maxConnections(int connections) {
            return set(ServerSettings.MAX_CONNECTIONS, connections);
        }

        public Builder idleTimeout(Duration timeout) {
            return set(ServerSettings.IDLE_TIMEOUT, timeout);
        }

        public Builder requestTimeout(Duration timeout) {
            return set(ServerSettings.REQUEST_TIMEOUT, timeout);
        }

        public Builder trustedProxies(List<String> proxies) {
            return set(ServerSettings.TRUSTED_PROXIES, List.copyOf(proxies));
        }

        public Builder refreshIdleLifetime(Duration lifetime) {
            return set(CoreSettings.REFRESH_IDLE_LIFETIME, lifetime);
        }

        public Builder refreshAbsoluteLifetime(Duration lifetime) {
            return set(CoreSettings.REFRESH_ABSOLUTE_LIFETIME, lifetime);
        }

        public Builder refreshReuseGrace(Duration grace) {
            return set(CoreSettings.REFRESH_REUSE_GRACE, grace);
        }

        public Builder purgeInterval(Duration interval) {
            return set(ServerSettings.PURGE_INTERVAL, interval);
        }

        public Builder host(String host) {
            return set(ServerSettings.HOST, host);
        }

        public Builder port(int port) {
            return set(ServerSettings.PORT, port);
        }

        public Builder maxContentLength(int bytes) {
            return set(ServerSettings.MAX_BODY_SIZE, bytes);
        }

        public Builder maxPipelinedRequests(int requests) {
            return set(ServerSettings.MAX_PIPELINED_REQUESTS, requests);
        }

        public Builder ioThreads(int threads) {
            return set(ServerSettings.IO_THREADS, threads);
        }

        public Builder hashingThreads(int threads) {
            return set(ServerSettings.HASHING_THREADS, threads);
        }

        /** Logins waiting for a hashing thread beyond which {@code POST /auth} answers 503 at once. */
        public Builder hashingQueueCapacity(int tasks) {
            return set(ServerSettings.HASHING_QUEUE, tasks);
        }

        /** JDBC threads; the same setting as the connection pool's size, {@code db-pool-size}. */
        public Builder blockingThreads(int threads) {
            return set(CoreSettings.DB_POOL_SIZE, threads);
        }

        public Builder blockingQueueCapacity(int tasks) {
            return set(ServerSettings.BLOCKING_QUEUE, tasks);
        }

        public Builder nativeTransport(boolean enabled) {
            return set(ServerSettings.NATIVE_TRANSPORT, enabled);
        }

        public Builder shutdownTimeout(Duration timeout) {
            return set(ServerSettings.SHUTDOWN_TIMEOUT, timeout);
        }

        /**
         * @throws InvalidSettingException naming the key, when settings contradict each other
         */
        public AuthServerConfig build() {
            return new AuthServerConfig(settings.build());
        }
    }
}
