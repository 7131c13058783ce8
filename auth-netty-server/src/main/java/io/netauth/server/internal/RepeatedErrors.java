package io.netauth.server.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a failure that repeats once per window with a count, instead of once per request: a request that fails
 * the same way each time (a broken backend, a bad record that every lookup meets) must not fill the disk with
 * stack traces, nor crowd out other lines. A kind of failure is the log message (the site) with the exception's
 * class and the frame that threw it. The first of a kind is logged with its stack trace; the ones that follow
 * within the window are counted, and the first after it is logged with "N more like it". The count of a kind
 * that then stops is told by its next occurrence, however late.
 *
 * <p>One per logging class, held like its logger, for the life of the JVM; at most {@value #MAX_KINDS} kinds are
 * tracked, beyond which failures are logged as they come. Thread-safe.
 */
final class RepeatedErrors {

    /** How long a kind of failure stays quiet after it was logged. */
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_KINDS = 1_024;

    private final Logger log;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Kind> kinds = new ConcurrentHashMap<>();

    RepeatedErrors(Logger log) {
        this(log, WINDOW, System::nanoTime);
    }

    RepeatedErrors(Logger log, Duration window, LongSupplier nanoTime) {
        this.log = Objects.requireNonNull(log, "log");
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Logs {@code message} at ERROR with {@code cause}'s stack trace, unless its kind was logged within the window. */
    void error(String message, Throwable cause) {
        long more = admit(message, cause);
        if (more == 0) {
            log.error(message, cause);
        } else if (more > 0) {
            log.error("{} ({} more like it since the last one logged, {} s or more ago)", message, more,
                    Duration.ofNanos(windowNanos).toSeconds(), cause);
        }
    }

    /** As {@link #error}, at WARN, with {@code detail} (the failure's own message) after {@code message}. */
    void warn(String message, String detail, Throwable cause) {
        long more = admit(message, cause);
        if (more == 0) {
            log.warn("{}: {}", message, detail, cause);
        } else if (more > 0) {
            log.warn("{}: {} ({} more like it since the last one logged)", message, detail, more, cause);
        }
    }

    /** How many were counted since the kind was last logged, to log now; {@code -1} to count this one instead. */
    private long admit(String message, Throwable cause) {
        String key = kind(message, cause);
        Kind kind = kinds.get(key);
        if (kind == null) {
            if (kinds.size() >= MAX_KINDS) {
                return 0;
            }
            kind = kinds.computeIfAbsent(key, k -> new Kind());
        }
        long now = nanoTime.getAsLong();
        synchronized (kind) {
            if (kind.logged && now - kind.loggedAt < windowNanos) {
                kind.suppressed++;
                return -1;
            }
            long more = kind.suppressed;
            kind.logged = true;
            kind.loggedAt = now;
            kind.suppressed = 0;
            return more;
        }
    }

    private static String kind(String message, Throwable cause) {
        if (cause == null) {
            return message;
        }
        StackTraceElement[] frames = cause.getStackTrace();
        return message + '|' + cause.getClass().getName() + '|' + (frames.length == 0 ? "" : frames[0].toString());
    }

    /** One kind's state; guarded by its own monitor. */
    private static final class Kind {
        boolean logged;
        long loggedAt;
        long suppressed;
    }
}
