package io.netauth.runner;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.jdbc.JdbcLoginThrottle;
import java.time.Duration;
import io.netauth.core.token.JwtTokens;
import io.netauth.server.AuthServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The standalone server: the database, the token issuer and the HTTP server, started and closed together. */
final class AuthApplication implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuthApplication.class);

    private final AuthDatabase database;
    private final AuthServer server;

    private AuthApplication(AuthDatabase database, AuthServer server) {
        this.database = database;
        this.server = server;
    }

    /** Opens the database (migrating it), loads or makes the signing key, and starts listening. */
    public static AuthApplication start(RunnerConfig config) {
        JwtTokens.Builder tokensBuilder = config.tokensBuilder();
        if (config.firstStartLikely()) {
            tokensBuilder.generateKeyAhead(); // overlaps the key's generation with creating the schema
        }
        AuthDatabase database = config.openSealedDatabase();
        try {
            JwtTokens tokens = tokensBuilder.build(database.signingKeyStore());
            AuthServer.Builder builder = AuthServer.builder();
            if (config.sharedThrottle()) {
                builder.loginThrottle((executor, clock) -> new JdbcLoginThrottle(database.dataSource(),
                        config.settings(), executor, clock));
            }
            AuthServer server = builder
                    .config(config.serverConfig())
                    .credentialStore(database.credentialStore())
                    .passwordHasher(config.passwordHasher())
                    .tokens(tokens)
                    .refreshTokenStore(database.refreshTokenStore())
                    .readinessCheck("database", () -> database.isReachable(Duration.ofSeconds(1)))
                    .userDirectory(database.userDirectory())
                    .oauth(database.clientStore(), database.changeStore())
                    .mfaStore(database.mfaStore())
                    .sessionStore(database.sessionStore())
                    .oidcStore(database.oidcStore())
                    .build()
                    .start();
            // HikariCP's own pool metrics (connections active, idle, pending, acquire time) on /metrics.
            ((HikariDataSource) database.dataSource())
                    .setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(server.meterRegistry()));
            log.info("netauth ready in {} ms: listening on {}:{} ({}), database {} {}, signing {} kid={}, hashing {}",
                    ProcessClock.millisSinceStart(), config.serverConfig().host(), server.port(),
                    server.transportName(), database.settings().product(), database.settings().redactedUrl(),
                    tokens.algorithm(), tokens.activeKey().kid(), config.passwordHasher());
            return new AuthApplication(database, server);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    /** Stops accepting, finishes requests in flight, then closes the pool. */
    @Override
    public void close() {
        log.info("netauth stopping: finishing requests in flight");
        server.close();
        database.close();
        log.info("netauth stopped");
    }
}
