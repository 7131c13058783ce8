package io.netauth.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.netauth.server.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A failure that repeats is logged once per window, and the next time with how many were left out. */
class RepeatedErrorsTest {

    private static final String LOGGER = "test.repeated-errors";

    private static List<ILoggingEvent> mine(LogCapture logs) {
        return logs.events().stream().filter(e -> e.getLoggerName().equals(LOGGER)).toList();
    }

    private static RuntimeException thrownHere() {
        return new IllegalStateException("broken record");
    }

    @Test
    void repeatedErrorIsLoggedOnceThenWithACount() {
        AtomicLong now = new AtomicLong();
        RepeatedErrors errors = new RepeatedErrors(LoggerFactory.getLogger(LOGGER), Duration.ofMinutes(1), now::get);
        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < 1_000; i++) {
                errors.error("Unexpected failure", thrownHere());
                now.addAndGet(Duration.ofMillis(10).toNanos());
            }
            assertEquals(1, mine(logs).size(), logs.text());
            assertNotNull(mine(logs).get(0).getThrowableProxy(), "the first one has its stack trace");

            now.addAndGet(Duration.ofMinutes(1).toNanos());
            errors.error("Unexpected failure", thrownHere());
            assertEquals(2, mine(logs).size());
            assertTrue(mine(logs).get(1).getFormattedMessage().contains("999 more like it"),
                    mine(logs).get(1).getFormattedMessage());
        }
    }

    @Test
    void differentKindsAreLoggedApart() {
        AtomicLong now = new AtomicLong();
        RepeatedErrors errors = new RepeatedErrors(LoggerFactory.getLogger(LOGGER), Duration.ofMinutes(1), now::get);
        try (LogCapture logs = LogCapture.start()) {
            errors.error("Unexpected failure", thrownHere());
            errors.error("Unexpected failure", new IllegalArgumentException("other class"));
            errors.error("Failed to write", thrownHere());
            errors.warn("Store unavailable", "connection refused", null);
            errors.warn("Store unavailable", "connection refused", null);
            assertEquals(4, mine(logs).size(), logs.text());
        }
    }
}
