package io.netauth.server;

/**
 * Something the server needs in order to serve, asked by {@code GET /health/ready}: the database, for one.
 * Threading: may block (it runs on the server's {@code blockingExecutor}, with a timeout); thread-safe.
 */
@FunctionalInterface
public interface ReadinessCheck {

    /** Whether the dependency answers now. An exception counts as DOWN. */
    boolean isUp();
}
