package io.netauth.server.internal;

import io.netauth.core.RefreshTokenRotation;
import io.netauth.core.token.JwtTokens;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work on one {@code netauth-maintenance} thread, never on an event loop: reading the signing keys
 * again (so a rotation made by another process is picked up), purging refresh tokens that can no longer
 * be used, and reloading a changed TLS certificate. A failure is logged and the next run tries again. Not API.
 */
public final class Maintenance implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(new NamedThreads("netauth-maintenance"));

    /** @param tls the TLS context to reload when its files change, or {@code null} */
    public Maintenance(JwtTokens tokens, RefreshTokenRotation refreshTokens, Duration purgeInterval,
            TlsContexts tls, Duration tlsReloadInterval) {
        long keys = tokens.keyReloadInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> run("reload signing keys", () -> {
            if (tokens.reloadKeys()) {
                log.info("Signing with key {} from now on", tokens.activeKey().kid());
            }
        }), keys, keys, TimeUnit.MILLISECONDS);
        long purge = purgeInterval.toMillis();
        scheduler.scheduleWithFixedDelay(() -> run("purge refresh tokens", () -> {
            int purged = refreshTokens.purgeExpired();
            if (purged > 0) {
                log.debug("Purged {} expired or revoked refresh token rows", purged);
            }
        }), purge, purge, TimeUnit.MILLISECONDS);
        if (tls != null) {
            long reload = tlsReloadInterval.toMillis();
            scheduler.scheduleWithFixedDelay(() -> run("reload the TLS certificate", tls::reloadIfChanged),
                    reload, reload, TimeUnit.MILLISECONDS);
        }
    }

    private static void run(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("Could not {}; trying again later: {}", what, e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
