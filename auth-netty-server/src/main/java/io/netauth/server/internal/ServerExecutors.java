package io.netauth.server.internal;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The two pools that keep slow work off the event loops, with bounded queues that refuse work when full
 * (the refusal becomes a 503 {@code overloaded}): {@code blockingExecutor} for JDBC, sized to the connection
 * pool, and {@code hashingExecutor} for password hashes and token signing, sized to the cores. Their threads
 * carry these names in thread dumps. Not API.
 */
public final class ServerExecutors implements ServerAssembly.Pools {

    private final BoundedExecutor blockingExecutor;
    private final BoundedExecutor hashingExecutor;

    public ServerExecutors(int blockingThreads, int blockingQueue, int hashingThreads, int hashingQueue) {
        this.blockingExecutor = new BoundedExecutor("netauth-blocking", blockingThreads, blockingQueue);
        this.hashingExecutor = new BoundedExecutor("netauth-hashing", hashingThreads, hashingQueue);
    }

    @Override
    public Executor blockingExecutor() {
        return blockingExecutor;
    }

    @Override
    public Executor hashingExecutor() {
        return hashingExecutor;
    }

    @Override
    public boolean hashingHasRoom() {
        return hashingExecutor.hasRoom();
    }

    @Override
    public int queued(boolean hashing) {
        return (hashing ? hashingExecutor : blockingExecutor).queued();
    }

    @Override
    public int active(boolean hashing) {
        return (hashing ? hashingExecutor : blockingExecutor).active();
    }

    /** Lets queued work finish, up to the timeout. */
    public void shutdown(Duration timeout) throws InterruptedException {
        hashingExecutor.shutdown();
        blockingExecutor.shutdown();
        long deadline = System.nanoTime() + timeout.toNanos();
        hashingExecutor.awaitTermination(deadline - System.nanoTime());
        blockingExecutor.awaitTermination(deadline - System.nanoTime());
        hashingExecutor.shutdownNow();
        blockingExecutor.shutdownNow();
    }
}
