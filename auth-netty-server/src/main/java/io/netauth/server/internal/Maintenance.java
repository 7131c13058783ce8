package io.netauth.server.internal;

import io.netauth.core.AuthenticationService;
import io.netauth.core.token.JwtTokens;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work, never on an event loop: reading the signing keys again (so a rotation made by another
 * process is picked up), purging refresh tokens that can no longer be used, and reloading a changed TLS
 * certificate. A failure is logged and the next run tries again. The {@link Scheduler} is injected, so that a
 * test can run the tasks without waiting. Not API.
 */
public final class Maintenance implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

    /** Runs tasks repeatedly; closing it stops them. */
    public interface Scheduler extends AutoCloseable {
        /** Runs {@code task} every {@code interval}, the first time one interval from now. */
        void every(Duration interval, Runnable task);

        @Override
        void close();
    }

    private final Scheduler scheduler;

    /** @param tls the TLS context to reload when its files change, or {@code null} */
    public Maintenance(Scheduler scheduler, JwtTokens tokens, AuthenticationService service, Duration purgeInterval,
            TlsContexts tls, Duration tlsReloadInterval) {
        this.scheduler = scheduler;
        scheduler.every(tokens.keyReloadInterval(), () -> run("reload signing keys", () -> {
            if (tokens.reloadKeys()) {
                log.info("Signing with key {} from now on", tokens.activeKey().kid());
            }
        }));
        scheduler.every(purgeInterval, () -> run("purge expired rows", () -> {
            int purged = service.purgeExpired();
            if (purged > 0) {
                log.debug("Purged {} expired rows (refresh tokens, throttle counters)", purged);
            }
        }));
        if (tls != null) {
            scheduler.every(tlsReloadInterval, () -> run("reload the TLS certificate", tls::reloadIfChanged));
        }
    }

    /**
     * Reads the change feed every {@code interval}, so revocations and client changes made by other processes
     * reach this one; purges the feed's expired rows and the spent client assertions with the other purges.
     */
    public void followChanges(io.netauth.core.ChangeFeed changes, io.netauth.core.client.OAuthService oauth,
            Duration interval) {
        scheduler.every(interval, () -> run("read the change feed", changes::poll));
        scheduler.every(interval.multipliedBy(12).plusMinutes(1), () -> run("purge expired changes", () -> {
            int purged = changes.purgeExpired() + oauth.purgeExpired();
            if (purged > 0) {
                log.debug("Purged {} expired changes and client assertions", purged);
            }
        }));
    }

    /** The production scheduler: one {@code netauth-maintenance} thread. */
    public static Scheduler oneThread() {
        ScheduledExecutorService executor =
                Executors.newSingleThreadScheduledExecutor(new NamedThreads("netauth-maintenance"));
        return new Scheduler() {
            @Override
            public void every(Duration interval, Runnable task) {
                long millis = interval.toMillis();
                executor.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
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
        scheduler.close();
    }
}
