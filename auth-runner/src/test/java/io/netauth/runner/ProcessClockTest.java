package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcessClockTest {

    private static final String STAT = "cpu  75935 69753 30711 145908 1113 0 3615 0 0 0\n"
            + "intr 1234 0 0\nctxt 99\nbtime 1796190000\nprocesses 6321\n";

    @Test
    void theAgeIsTheTimeSinceBootLessTheStartSinceBoot() {
        // Started 12,000.34 s after a boot at 1796190000 s; 12,345.67 s since the boot now: 345.33 s old.
        Instant started = Instant.ofEpochMilli(1_796_190_000_000L + 12_000_340L);
        assertEquals(OptionalLong.of(345_330), ProcessClock.age("12345.67 23456.78\n", STAT, started));
    }

    @Test
    void noBootTimeOrAStartBeforeTheBootOrAfterNowGivesNoAge() {
        Instant started = Instant.ofEpochMilli(1_796_190_000_000L + 12_000_340L);
        assertEquals(OptionalLong.empty(), ProcessClock.age("12345.67 0\n", "cpu 1 2 3\n", started));
        assertEquals(OptionalLong.empty(), ProcessClock.age("12345.67 0\n", STAT, Instant.ofEpochSecond(1)));
        assertEquals(OptionalLong.empty(), ProcessClock.age("11000.00 0\n", STAT, started));
    }

    @Test
    void thisProcessCountsTheJvmsCreationOnLinux() {
        long jvmBefore = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        long age = ProcessClock.millisSinceStart();
        long jvmAfter = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        if (Files.isReadable(Path.of("/proc/uptime"))) {
            // The JVM's creation (tens of milliseconds at least) is in the kernel's figure, beyond its 10-ms
            // ticks; the JVM's own figure, the fallback, never gets past jvmAfter.
            assertTrue(age >= jvmAfter + 20, age + " ms, the JVM's own figure " + jvmAfter + " ms");
        } else {
            assertTrue(age >= jvmBefore && age <= jvmAfter, age + " ms, the JVM's own " + jvmBefore + " ms");
        }
    }
}
