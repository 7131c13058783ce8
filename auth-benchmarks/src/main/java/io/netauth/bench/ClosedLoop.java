package io.netauth.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The closed loop of the Java load clients: each connection runs one operation after another for a while; the
 * report is the {@code RESULT} line that wrk's scenarios print, so that run.sh reads every scenario alike.
 */
final class ClosedLoop {

    private ClosedLoop() {
    }

    /** Runs {@code connections} threads of {@code operation} for {@code length}; µs per operation, negative if failed. */
    static long[] run(int connections, Duration length, BooleanSupplier operation) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        List<List<Long>> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            List<Long> mine = new ArrayList<>();
            perThread.add(mine);
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long started = System.nanoTime();
                    boolean done = operation.getAsBoolean();
                    long micros = (System.nanoTime() - started) / 1000;
                    mine.add(done ? micros : -1);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        return perThread.stream().flatMap(List::stream).mapToLong(Long::longValue).toArray();
    }

    /** Prints the {@code RESULT} line of a run of {@code seconds}. */
    static void report(long[] latencies, int seconds) {
        int failures = (int) Arrays.stream(latencies).filter(l -> l < 0).count();
        long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        System.out.printf("RESULT rps=%.1f p50=%.2f p99=%.2f p999=%.2f non2xx=%d socket_errors=0 requests=%d%n",
                ok.length / (double) seconds, percentile(ok, 0.50), percentile(ok, 0.99), percentile(ok, 0.999),
                failures, latencies.length);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
                / 1000.0;
    }
}
