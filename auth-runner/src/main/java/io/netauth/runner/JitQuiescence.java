package io.netauth.runner;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;

/**
 * Lets the JIT finish before the JVM writes its class-data archive. The launcher's first run under a Java build
 * that has no archive yet writes one as it exits ({@code -XX:ArchiveClassesAtExit}). In Java 17 (JDK-8306460,
 * fixed in 21) a method still queued for compilation at that moment keeps the queued mark in the archive, and
 * no JVM that maps the archive ever compiles it. A server stops by closing its database, and H2's close writes
 * pages: stopped at that moment, it would leave H2's row serializer interpreted in every later run. So the
 * server's last step, once nothing of it runs, waits here until no method is queued or being compiled.
 */
final class JitQuiescence {

    /** The longest wait: a compiler can work on one large method for seconds on a loaded machine. */
    static final Duration LONGEST = Duration.ofSeconds(5);

    private static final long POLL_MILLIS = 10;

    private JitQuiescence() {
    }

    /** Whether this JVM writes an archive as it exits, with a JIT whose queue the archive would keep. */
    static boolean needed() {
        if (Runtime.version().feature() >= 21 || ManagementFactory.getCompilationMXBean() == null) {
            return false; // fixed, or no JIT (-Xint): nothing is ever queued
        }
        String archive = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("ArchiveClassesAtExit").getValue();
        return !archive.isEmpty();
    }

    /**
     * Waits until the JIT has nothing queued or running, for at most {@code longest}; answers whether it did
     * (false: it gave up, or the queue could not be read).
     */
    static boolean await(Duration longest) throws InterruptedException {
        long deadline = System.nanoTime() + longest.toNanos();
        while (true) {
            String queue = queue();
            if (queue == null) {
                return false;
            }
            if (idle(queue)) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }

    /** The JVM's own report of the compilers' work ({@code jcmd <pid> Compiler.queue}), or null. */
    static String queue() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerQueue",
                    new Object[] {null}, new String[] {String[].class.getName()});
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    /**
     * Whether a {@code Compiler.queue} report shows nothing to compile: each line a heading ({@code Current
     * compiles:}, {@code C1 compile queue:}) or {@code Empty}; any other line is a method.
     */
    static boolean idle(String queue) {
        return queue.lines().map(String::strip)
                .allMatch(line -> line.isEmpty() || line.endsWith(":") || line.equals("Empty"));
    }
}
