package io.netauth.runner;

import java.lang.management.ManagementFactory;

/**
 * Time since the JVM started, for the start line: it counts the JVM's own start, the configuration and the
 * logging set-up, which a timer started in {@code main} would leave out. (The process's start time as the
 * kernel reports it is rounded to a clock tick and to the boot time's second, too coarse for this.)
 */
final class ProcessClock {

    private ProcessClock() {
    }

    static long millisSinceStart() {
        return Math.max(0, System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
    }
}
