package io.netauth.server.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plain daemon threads named {@code <name>-<n>}, for the pools that may block. Not Netty's
 * {@code FastThreadLocalThread}: Netty marks those as event-loop-like, where blocking is a bug. Not API.
 */
final class NamedThreads implements ThreadFactory {

    private final String name;
    private final int priority;
    private final AtomicInteger next = new AtomicInteger(1);

    NamedThreads(String name) {
        this(name, Thread.NORM_PRIORITY);
    }

    /** Threads of the given Java priority, which the JVM passes to the OS only where told to (README). */
    NamedThreads(String name, int priority) {
        this.name = name;
        this.priority = priority;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, name + '-' + next.getAndIncrement());
        thread.setDaemon(true);
        thread.setPriority(priority);
        return thread;
    }
}
