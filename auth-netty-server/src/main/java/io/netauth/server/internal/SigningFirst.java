package io.netauth.server.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * The hashing executor as the server hands it out: while the signing pool has work, at most half the hashing
 * threads (at least one) hash at once; when it has none, all of them. Without this, two hashing and two signing
 * threads share two cores equally, and a login flood halves the rate of client-credentials grants, each of which
 * costs one millisecond where a login costs thirty. A hash that waits for its turn holds a hashing thread, never
 * an event loop. Thread-safe. Not API.
 */
final class SigningFirst implements Executor {

    private final BoundedExecutor hashing;
    private final BoundedExecutor signing;
    private final Semaphore whileSigning;

    SigningFirst(BoundedExecutor hashing, int hashingThreads, BoundedExecutor signing) {
        this.hashing = hashing;
        this.signing = signing;
        this.whileSigning = new Semaphore(Math.max(1, hashingThreads / 2));
    }

    @Override
    public void execute(Runnable task) {
        hashing.execute(() -> run(task));
    }

    private void run(Runnable task) {
        if (!signing.busy()) {
            task.run();
            return;
        }
        whileSigning.acquireUninterruptibly();
        try {
            task.run();
        } finally {
            whileSigning.release();
        }
    }
}
