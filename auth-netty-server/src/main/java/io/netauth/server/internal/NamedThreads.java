package io.netauth.server.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plain daemon threads named {@code <name>-<n>}, for the pools that may block. Not Netty's
 * {@code FastThreadLocalThread}: Netty marks those as event-loop-like, where blocking is a bug. Not API.
 */
final class NamedThreads implements ThreadFactory {

    private final String name;
    private final AtomicInteger next = new AtomicInteger(1);

    NamedThreads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, name + '-' + next.getAndIncrement());
        thread.setDaemon(true);
        return thread;
    }
}
