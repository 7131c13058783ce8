package io.netauth.server.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.netauth.core.LoginOutcome;
import io.netauth.core.LoginOutcomes;
import io.netauth.core.token.JwtTokens;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The server's meters on any Micrometer registry: requests by route, method and status with latency
 * histograms, login and refresh outcomes, password hash time, the queues of the two pools, the verification
 * cache, and the JVM and Netty allocator. Thread-safe. Not API.
 */
public final class ServerMetrics {

    private final MeterRegistry registry;
    private final java.util.concurrent.ConcurrentMap<String, Timer> requestTimers =
            new java.util.concurrent.ConcurrentHashMap<>();
    private JvmGcMetrics gc;

    public ServerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Binds everything but requests, which the reply writer records one by one. */
    public void bind(ServerAssembly.Pools executors, LoginOutcomes outcomes, JwtTokens tokens) {
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new NettyAllocatorMetrics(PooledByteBufAllocator.DEFAULT).bindTo(registry);
        queue("blocking", executors, "blocking");
        queue("hashing", executors, "hashing");
        queue("signing", executors, "signing");
        for (LoginOutcome outcome : LoginOutcome.values()) {
            FunctionCounter.builder("netauth.logins", outcomes, o -> o.count(outcome))
                    .description("Login attempts by outcome")
                    .tag("outcome", outcome.label())
                    .register(registry);
        }
        FunctionCounter.builder("netauth.refreshes", outcomes, o -> o.refreshes(true))
                .description("Refresh attempts by outcome").tag("outcome", "success").register(registry);
        FunctionCounter.builder("netauth.refreshes", outcomes, o -> o.refreshes(false))
                .description("Refresh attempts by outcome").tag("outcome", "refused").register(registry);
        FunctionCounter.builder("netauth.verify.cache", tokens, JwtTokens::verificationCacheHits)
                .description("Access token verifications by cache result").tag("result", "hit").register(registry);
        FunctionCounter.builder("netauth.verify.cache", tokens, JwtTokens::verificationCacheMisses)
                .description("Access token verifications by cache result").tag("result", "miss").register(registry);
        Gauge.builder("netauth.signing.key.retirement", tokens, ServerMetrics::secondsUntilRetirement)
                .description("Seconds until the signing key stops signing: +Inf while no retirement is set (a "
                        + "rotation sets one on the old key and makes a new active key)")
                .baseUnit("seconds").register(registry);
        Gauge.builder("netauth.signing.keys", tokens, t -> t.verificationKeys().size())
                .description("Keys whose public part the JWKS publishes").register(registry);
    }

    private static double secondsUntilRetirement(JwtTokens tokens) {
        io.netauth.core.token.SigningKey active = tokens.activeKey();
        if (active == null) {
            return 0;
        }
        return active.retireAt() == null ? Double.POSITIVE_INFINITY
                : java.time.Duration.between(java.time.Instant.now(), active.retireAt()).toMillis() / 1000.0;
    }

    /** Time of one password verification or hash, on the hashing pool. */
    public Timer hashTimer() {
        return Timer.builder("netauth.password.hash").description("Password hash and verification time")
                .publishPercentileHistogram().register(registry);
    }

    /**
     * Records one answered request. The timer of each route, method and status is registered once and then
     * found in a map: building and registering a meter per request is work the event loop need not do.
     */
    public void request(String route, String method, int status, long nanos) {
        requestTimers.computeIfAbsent(route + ' ' + method + ' ' + status, key -> Timer.builder("netauth.http.requests")
                .description("HTTP requests by route, method and status")
                .tag("route", route).tag("method", method).tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private void queue(String name, ServerAssembly.Pools executors, String pool) {
        Gauge.builder("netauth.executor.queue", executors, e -> e.queued(pool))
                .description("Tasks waiting for a thread").tag("executor", name).register(registry);
        Gauge.builder("netauth.executor.active", executors, e -> e.active(pool))
                .description("Threads busy").tag("executor", name).register(registry);
    }

    public void close() {
        if (gc != null) {
            gc.close();
        }
    }
}
