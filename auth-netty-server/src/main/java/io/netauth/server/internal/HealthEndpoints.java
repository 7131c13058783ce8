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
 * readiness check runs on the {@code blockingExecutor} with a short timeout; all UP is a 200, any DOWN a 503
 * naming the failed check. Not API.
 */
public final class HealthEndpoints {

    private final Map<String, ReadinessCheck> checks;
    private final Executor blockingExecutor;
    private final Duration timeout;

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

    public Endpoint ready() {
        return (ctx, request) -> readiness(ctx.executor());
    }

    private CompletionStage<JsonReply> readiness(io.netty.util.concurrent.EventExecutor eventLoop) {
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
            boolean up = !status.containsValue(false);
            JsonReply reply = JsonReply.ok(json -> {
                json.writeStartObject();
                json.writeStringField("status", up ? "UP" : "DOWN");
                json.writeObjectFieldStart("checks");
                for (Map.Entry<String, Boolean> check : status.entrySet()) {
                    json.writeStringField(check.getKey(), check.getValue() ? "UP" : "DOWN");
                }
                json.writeEndObject();
                json.writeEndObject();
            });
            return up ? reply : reply.withStatus(HttpResponseStatus.SERVICE_UNAVAILABLE);
        });
    }
}
