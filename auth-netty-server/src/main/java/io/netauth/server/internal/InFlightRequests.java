package io.netauth.server.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts requests between dispatch and the end of their response write, for a graceful close. Lock-free on
 * the request path; only {@link #awaitNone} waits, and it polls, since it runs once, at shutdown. Not API.
 */
public final class InFlightRequests {

    private static final long POLL_MILLIS = 5;
    private final AtomicInteger count = new AtomicInteger();

    public void started() {
        count.incrementAndGet();
    }

    public void finished() {
        count.decrementAndGet();
    }

    public int count() {
        return count.get();
    }

    /** Waits until no request is in flight or the timeout passes; {@code true} if none is left. */
    public boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count.get() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
