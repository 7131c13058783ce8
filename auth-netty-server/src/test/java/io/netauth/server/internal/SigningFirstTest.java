package io.netauth.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hashing pool yields half its threads to signatures while the signing pool has work, and only then. */
class SigningFirstTest {

    private final ServerExecutors executors = new ServerExecutors(2, 16, 2, 16, 2, 16);

    @AfterEach
    void stop() throws InterruptedException {
        executors.shutdown(Duration.ofSeconds(5));
    }

    /** Runs two hashing tasks that each wait to see the other; answers the most that ran at once. */
    private int mostHashesAtOnce() throws InterruptedException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            executors.hashingExecutor().execute(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                while (running.get() < 2 && System.nanoTime() < until) {
                    Thread.onSpinWait(); // waits for the other hash, if it may run beside this one
                }
                running.decrementAndGet();
                done.countDown();
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        return most.get();
    }

    @Test
    void withNothingToSignEveryHashingThreadHashes() throws InterruptedException {
        assertEquals(2, mostHashesAtOnce());
    }

    @Test
    void whileTheSigningPoolWorksHalfTheHashingThreadsHash() throws InterruptedException {
        CountDownLatch signing = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        executors.signingExecutor().execute(() -> {
            started.countDown();
            try {
                signing.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        try {
            assertEquals(1, mostHashesAtOnce());
        } finally {
            signing.countDown();
        }
    }
}
