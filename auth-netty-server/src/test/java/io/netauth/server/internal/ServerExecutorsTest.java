package io.netauth.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pools' threads: names in thread dumps, and the priority the OS is given where the JVM passes it on. */
class ServerExecutorsTest {

    private final ServerExecutors executors = new ServerExecutors(1, 4, 1, 4, 1, 4);

    @AfterEach
    void stop() throws InterruptedException {
        executors.shutdown(Duration.ofSeconds(5));
    }

    private static String threadOf(Executor pool) throws Exception {
        CompletableFuture<String> thread = new CompletableFuture<>();
        pool.execute(() -> thread.complete(Thread.currentThread().getName() + " priority "
                + Thread.currentThread().getPriority() + (Thread.currentThread().isDaemon() ? " daemon" : "")));
        return thread.get(5, TimeUnit.SECONDS);
    }

    @Test
    void hashingThreadsTakeTheLowestPrioritySoThatEventLoopsGoFirst() throws Exception {
        assertEquals("netauth-hashing-1 priority 1 daemon", threadOf(executors.hashingExecutor()));
        assertEquals("netauth-signing-1 priority 5 daemon", threadOf(executors.signingExecutor()));
        assertEquals("netauth-blocking-1 priority 5 daemon", threadOf(executors.blockingExecutor()));
    }
}
