package io.netauth.server.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;
import reactor.blockhound.BlockHound;

/**
 * Runs around every test class of this module (registered through JUnit's extension autodetection): installs
 * BlockHound once, so that any blocking call on a Netty event loop is recorded, and listens for Netty's
 * paranoid leak reports. A class after which either was seen fails, naming what was found.
 */
public final class RuntimeGuards implements BeforeAllCallback, AfterAllCallback {

    private static final List<String> blockingCalls = new ArrayList<>();
    private static final ListAppender<ILoggingEvent> leaks = new ListAppender<>();
    private static boolean installed;

    @Override
    public void beforeAll(ExtensionContext context) {
        installOnce();
    }

    private static synchronized void installOnce() {
        if (installed) {
            return;
        }
        installed = true;
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            throw new IllegalStateException("the test JVM must run with -Dio.netty.leakDetection.level=paranoid");
        }
        Logger leakLogger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        leakLogger.setLevel(Level.ERROR);
        leaks.start();
        leakLogger.addAppender(leaks);
        BlockHound.builder()
                .loadIntegrations() // Netty's own: its event loops are the threads that must not block
                .blockingMethodCallback(method -> {
                    String where = method + " on " + Thread.currentThread().getName();
                    synchronized (blockingCalls) {
                        blockingCalls.add(where);
                    }
                    throw new Error("Blocking call on an event loop: " + where);
                })
                .install();
    }

    /** The blocking calls recorded so far, cleared: for the test that proves the guard works. */
    public static List<String> takeBlockingCalls() {
        synchronized (blockingCalls) {
            List<String> taken = List.copyOf(blockingCalls);
            blockingCalls.clear();
            return taken;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // Leaks are reported when a leaked buffer has been collected and a new one is tracked.
        for (int i = 0; i < 3; i++) {
            System.gc();
            ByteBuf probe = PooledByteBufAllocator.DEFAULT.buffer(16);
            probe.release();
        }
        List<String> found = new ArrayList<>();
        synchronized (blockingCalls) {
            found.addAll(blockingCalls);
            blockingCalls.clear();
        }
        synchronized (leaks.list) {
            for (ILoggingEvent e : leaks.list) {
                found.add("leak: " + e.getFormattedMessage());
            }
            leaks.list.clear();
        }
        if (!found.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + ": " + String.join("\n", found));
        }
    }
}
