package io.netauth.server.internal;

import io.netauth.server.ReadinessCheck;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /health/live} (the process answers) and {@code GET /health/ready} (and {@code /health}): every
 * readiness check runs on the {@code blockingExecutor} with a short timeout; all UP is a 200, any DOWN a 503,
 * naming the failed check on the management port only.
 *
 * <p>The checks run at most once a second. A probe is answered from the last result while it is under
 * {@link #STALE_AFTER} old, and the first probe after {@link #REFRESH_AFTER} starts the next run without
 * waiting for it: a steady prober (a load balancer, several per second) never waits behind the database's
 * queue, which under a login flood took its p99 past 10 ms. A probe after a quiet spell waits for a fresh
 * run, so a result is never more than {@link #STALE_AFTER} old. Not API.
 */
public final class HealthEndpoints {

    static final long REFRESH_AFTER = TimeUnit.SECONDS.toNanos(1);
    static final long STALE_AFTER = TimeUnit.SECONDS.toNanos(2);

    private final Map<String, ReadinessCheck> checks;
    private final Executor blockingExecutor;
    private final Duration timeout;
    private final java.util.concurrent.atomic.AtomicReference<CompletableFuture<Result>> running =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile Result last;

    /** One run of the checks: each one's status, and when the run ended. */
    private record Result(Map<String, Boolean> status, long endedNanos) {
    }

    public HealthEndpoints(Map<String, ReadinessCheck> checks, Executor blockingExecutor, Duration timeout) {
        this.checks = Map.copyOf(checks);
        this.blockingExecutor = blockingExecutor;
        this.timeout = timeout;
    }

    public Endpoint live() {
        return (ctx, request) -> CompletableFuture.completedFuture(JsonReply.ok(json -> {
            json.writeStartObject();
            json.writeStringField("status", "UP");
            json.writeEndObject();
        }));
    }

    /**
     * @param detailed whether the answer names each check (the management port), or says only up or down (the
     *                 public port, where the names of what is down would help an attacker)
     */
    public Endpoint ready(boolean detailed) {
        return (ctx, request) -> answer(ctx.executor(), detailed);
    }

    private CompletionStage<JsonReply> answer(io.netty.util.concurrent.EventExecutor eventLoop, boolean detailed) {
        Result known = last;
        long age = known == null ? Long.MAX_VALUE : System.nanoTime() - known.endedNanos();
        if (age < REFRESH_AFTER) {
            return CompletableFuture.completedFuture(reply(known.status(), detailed));
        }
        CompletableFuture<Result> next = refresh(eventLoop);
        if (age < STALE_AFTER) {
            return CompletableFuture.completedFuture(reply(known.status(), detailed));
        }
        return next.thenApply(result -> reply(result.status(), detailed));
    }

    /** The run in progress, or a new one; one at a time, whatever the number of probes. */
    private CompletableFuture<Result> refresh(io.netty.util.concurrent.EventExecutor eventLoop) {
        CompletableFuture<Result> mine = new CompletableFuture<>();
        CompletableFuture<Result> current = running.compareAndExchange(null, mine);
        if (current != null) {
            return current;
        }
        run(eventLoop).whenComplete((status, failure) -> {
            Result result = new Result(status != null ? status : allDown(), System.nanoTime());
            last = result;
            running.set(null);
            mine.complete(result);
        });
        return mine;
    }

    private CompletableFuture<Map<String, Boolean>> run(io.netty.util.concurrent.EventExecutor eventLoop) {
        List<String> names = new ArrayList<>(checks.keySet());
        names.sort(null);
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (String name : names) {
            CompletableFuture<Boolean> result;
            try {
                result = CompletableFuture.supplyAsync(() -> checks.get(name).isUp(), blockingExecutor);
            } catch (RuntimeException full) {
                result = CompletableFuture.completedFuture(false);
            }
            // The timeout is a timer on this event loop: CompletableFuture's own (completeOnTimeout) takes a
            // scheduler's lock, which an event loop must not wait for.
            CompletableFuture<Boolean> bounded = result.exceptionally(failure -> false);
            ScheduledFuture<?> timer = eventLoop.schedule(() -> bounded.complete(false), timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            bounded.whenComplete((up, failure) -> timer.cancel(false)); // not one live timer per probe for a second
            results.add(bounded);
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, Boolean> status = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                status.put(names.get(i), results.get(i).join());
            }
            return status;
        });
    }

    private Map<String, Boolean> allDown() {
        Map<String, Boolean> down = new java.util.TreeMap<>();
        checks.keySet().forEach(name -> down.put(name, false));
        return down;
    }

    private static JsonReply reply(Map<String, Boolean> status, boolean detailed) {
        boolean up = !status.containsValue(false);
        JsonReply reply = JsonReply.ok(json -> {
            json.writeStartObject();
            json.writeStringField("status", up ? "UP" : "DOWN");
            if (detailed) {
                json.writeObjectFieldStart("checks");
                for (Map.Entry<String, Boolean> check : status.entrySet()) {
                    json.writeStringField(check.getKey(), check.getValue() ? "UP" : "DOWN");
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        });
        return up ? reply : reply.withStatus(HttpResponseStatus.SERVICE_UNAVAILABLE);
    }
}
