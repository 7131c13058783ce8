package io.netauth.server.internal;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The three pools that keep slow work off the event loops, with bounded queues that refuse work when full
 * (the refusal becomes a 503 {@code overloaded}): {@code blockingExecutor} for JDBC, sized to the connection
 * pool, {@code hashingExecutor} for password hashes and the signatures of logins, sized to the cores, and
 * {@code signingExecutor} for the signatures of grants that hash no password, so that a login flood cannot
 * starve them. Their threads
 * carry these names in thread dumps. Not API.
 */
public final class ServerExecutors implements ServerAssembly.Pools {

    private final BoundedExecutor blockingExecutor;
    private final BoundedExecutor hashingExecutor;
    private final BoundedExecutor signingExecutor;
    private final SigningFirst hashingWhileSigning;

    public ServerExecutors(int blockingThreads, int blockingQueue, int hashingThreads, int hashingQueue,
            int signingThreads, int signingQueue) {
        this.blockingExecutor = new BoundedExecutor("netauth-blocking", blockingThreads, blockingQueue,
                Thread.NORM_PRIORITY);
        // The hashing threads keep the cores busy under a login flood; at the lowest priority they give way at
        // once to the event loops (a readiness probe, a verification) where the OS is told to heed it (README).
        this.hashingExecutor = new BoundedExecutor("netauth-hashing", hashingThreads, hashingQueue,
                Thread.MIN_PRIORITY);
        this.signingExecutor = new BoundedExecutor("netauth-signing", signingThreads, signingQueue,
                Thread.NORM_PRIORITY);
        this.hashingWhileSigning = new SigningFirst(hashingExecutor, hashingThreads, signingExecutor);
    }

    @Override
    public Executor signingExecutor() {
        return signingExecutor;
    }

    @Override
    public Executor blockingExecutor() {
        return blockingExecutor;
    }

    /** The hashing pool, yielding half its threads to signatures while the signing pool has work. */
    @Override
    public Executor hashingExecutor() {
        return hashingWhileSigning;
    }

    @Override
    public boolean hashingHasRoom() {
        return hashingExecutor.hasRoom();
    }

    @Override
    public int queued(String pool) {
        return pool(pool).queued();
    }

    @Override
    public int active(String pool) {
        return pool(pool).active();
    }

    private BoundedExecutor pool(String name) {
        return switch (name) {
            case "hashing" -> hashingExecutor;
            case "signing" -> signingExecutor;
            default -> blockingExecutor;
        };
    }

    /** Lets queued work finish, up to the timeout. */
    public void shutdown(Duration timeout) throws InterruptedException {
        hashingExecutor.shutdown();
        signingExecutor.shutdown();
        blockingExecutor.shutdown();
        long deadline = System.nanoTime() + timeout.toNanos();
        hashingExecutor.awaitTermination(deadline - System.nanoTime());
        signingExecutor.awaitTermination(deadline - System.nanoTime());
        blockingExecutor.awaitTermination(deadline - System.nanoTime());
        hashingExecutor.shutdownNow();
        signingExecutor.shutdownNow();
        blockingExecutor.shutdownNow();
    }
}
