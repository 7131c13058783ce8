package io.netauth.core.internal;

import java.util.concurrent.Semaphore;

/**
 * The memory that password verifications may hold at once, in KiB. A verification is admitted only while the
 * memory of those running and its own fit; otherwise it is refused at once (the caller answers "overloaded"),
 * never queued, so that no mix of imported hashes can make the heap run out: an {@code OutOfMemoryError} in a
 * hashing thread takes the server down with it. Thread-safe; never blocks.
 */
public final class HashMemoryBudget {

    private final int totalKib;
    private final Semaphore free;

    public HashMemoryBudget(int totalKib) {
        this.totalKib = totalKib;
        this.free = new Semaphore(totalKib);
    }

    /** The budget of {@code hash-memory-budget-kib}, or 0 for its default: 60% of the JVM's maximum heap. */
    public static HashMemoryBudget of(int configuredKib) {
        long kib = configuredKib > 0 ? configuredKib : Runtime.getRuntime().maxMemory() / 1024 * 6 / 10;
        return new HashMemoryBudget((int) Math.min(Integer.MAX_VALUE, kib));
    }

    public int totalKib() {
        return totalKib;
    }

    /** Takes {@code kib} if it fits now; answers whether it did. Give it back with {@link #release}. */
    public boolean tryAcquire(int kib) {
        return kib <= 0 || free.tryAcquire(kib);
    }

    public void release(int kib) {
        if (kib > 0) {
            free.release(kib);
        }
    }

    /** Memory held by verifications running now. */
    public int inUseKib() {
        return totalKib - free.availablePermits();
    }
}
