package io.netauth.server.internal;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The two pools that keep slow work off the event loops, with bounded queues that refuse work when full
 * (the refusal becomes a 503 {@code overloaded}): {@code blockingExecutor} for JDBC, sized to the connection
 * pool, and {@code hashingExecutor} for password hashes and token signing, sized to the cores. Their threads
 * carry these names in thread dumps. Not API.
 */
public final class ServerExecutors {

    private final ThreadPoolExecutor blockingExecutor;
    private final ThreadPoolExecutor hashingExecutor;

    public ServerExecutors(int blockingThreads, int blockingQueue, int hashingThreads, int hashingQueue) {
        this.blockingExecutor = bounded("netauth-blocking", blockingThreads, blockingQueue);
        this.hashingExecutor = bounded("netauth-hashing", hashingThreads, hashingQueue);
    }

    public ExecutorService blockingExecutor() {
        return blockingExecutor;
    }

    public ExecutorService hashingExecutor() {
        return hashingExecutor;
    }

    /** Lets queued work finish, up to the timeout. */
    public void shutdown(Duration timeout) throws InterruptedException {
        hashingExecutor.shutdown();
        blockingExecutor.shutdown();
        long deadline = System.nanoTime() + timeout.toNanos();
        hashingExecutor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        blockingExecutor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        hashingExecutor.shutdownNow();
        blockingExecutor.shutdownNow();
    }

    private static ThreadPoolExecutor bounded(String name, int threads, int queueCapacity) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), new NamedThreads(name),
                new ThreadPoolExecutor.AbortPolicy());
    }
}
