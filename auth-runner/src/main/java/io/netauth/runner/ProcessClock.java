package io.netauth.runner;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Time since this process was started, for the start line, so that the figure is what a client waiting for the
 * first answer waits for: the launcher (the same process, since it execs the JVM), the JVM's creation, the
 * configuration and the logging set-up. The JVM's own start time ({@code RuntimeMXBean.getStartTime}) is taken
 * when its creation is done, 0.1 to 0.2 s after the launch, so it is only the fallback where Linux's
 * {@code /proc} is not there.
 */
final class ProcessClock {

    private ProcessClock() {
    }

    static long millisSinceStart() {
        long now = System.currentTimeMillis();
        long sinceJvm = Math.max(0, now - ManagementFactory.getRuntimeMXBean().getStartTime());
        Optional<Instant> started = ProcessHandle.current().info().startInstant();
        if (started.isEmpty()) {
            return sinceJvm;
        }
        try {
            OptionalLong age = age(Files.readString(Path.of("/proc/uptime")),
                    Files.readString(Path.of("/proc/stat")), started.get());
            // Rounding may put it a tick below the JVM's figure; a figure far above it is not this process's.
            if (age.isPresent() && age.getAsLong() < sinceJvm + 60_000) {
                return Math.max(sinceJvm, age.getAsLong());
            }
        } catch (IOException | RuntimeException e) {
            // no /proc, or not Linux's: the JVM's figure
        }
        return sinceJvm;
    }

    /**
     * The process's age in milliseconds, on the kernel's clock since boot. Java computes a process's start as
     * the boot time in whole seconds ({@code btime} in {@code /proc/stat}) plus the process's start in clock
     * ticks since boot, so the start less {@code btime} is the start since boot, to a tick (10 ms); the time
     * since boot now is the first field of {@code /proc/uptime}, to 10 ms. Comparing {@code startInstant} with
     * the wall clock instead would be off by the fraction of a second that {@code btime} drops.
     */
    static OptionalLong age(String uptime, String stat, Instant processStart) {
        String[] fields = uptime.trim().split("\\s+");
        long nowSinceBoot = Math.round(Double.parseDouble(fields[0]) * 1000);
        for (String line : stat.split("\n")) {
            if (line.startsWith("btime ")) {
                long bootSeconds = Long.parseLong(line.substring("btime ".length()).trim());
                long startSinceBoot = processStart.toEpochMilli() - bootSeconds * 1000;
                long age = nowSinceBoot - startSinceBoot;
                return startSinceBoot >= 0 && age >= 0 ? OptionalLong.of(age) : OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }
}
