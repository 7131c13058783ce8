package io.netauth.core.internal;

import io.netauth.core.OverloadedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/** The one door through which the core hands work to a pool: a refusal becomes {@link OverloadedException}. */
public final class Offload {

    private Offload() {
    }

    public static <T> CompletableFuture<T> to(Executor pool, String poolName, Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, pool);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new OverloadedException(poolName));
        }
    }
}
