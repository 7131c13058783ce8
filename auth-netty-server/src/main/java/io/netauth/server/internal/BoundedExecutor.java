package io.netauth.server.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool with a bounded queue whose hand-off never blocks the submitting thread. Event loops submit
 * here, and a {@code ThreadPoolExecutor} over an {@code ArrayBlockingQueue} takes that queue's lock on every
 * submit, which parks the event loop when two of them submit at once (BlockHound caught it). Here the queue
 * is lock-free ({@link LinkedTransferQueue}), the bound is an atomic count checked before the hand-off, and
 * every thread is started up front, so a submit never takes the pool's own lock either. Past the bound a
 * submit is refused with {@link RejectedExecutionException}, which the server answers with 503. Thread-safe.
 * Not API.
 */
final class BoundedExecutor implements Executor {

    private final int capacity;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final ThreadPoolExecutor pool;

    BoundedExecutor(String name, int threads, int capacity, int priority) {
        this.capacity = capacity;
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedTransferQueue<>(),
                new NamedThreads(name, priority));
        pool.prestartAllCoreThreads();
    }

    @Override
    public void execute(Runnable task) {
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            throw new RejectedExecutionException("queue full");
        }
        try {
            pool.execute(() -> {
                running.incrementAndGet();
                queued.decrementAndGet();
                try {
                    task.run();
                } finally {
                    running.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet(); // shut down
            throw e;
        }
    }

    /** Whether a task submitted now would find a place (a check, not a reservation). */
    boolean hasRoom() {
        return queued.get() < capacity;
    }

    /** Whether any task waits or runs: two atomic reads, no lock. */
    boolean busy() {
        return running.get() > 0 || queued.get() > 0;
    }

    /** Tasks waiting for a thread. */
    int queued() {
        return queued.get();
    }

    /** Threads running a task. */
    int active() {
        return pool.getActiveCount();
    }

    void shutdown() {
        pool.shutdown();
    }

    void awaitTermination(long nanos) throws InterruptedException {
        pool.awaitTermination(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    void shutdownNow() {
        pool.shutdownNow();
    }
}
