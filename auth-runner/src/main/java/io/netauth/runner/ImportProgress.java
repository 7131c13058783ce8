package io.netauth.runner;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress of a long import, on one terminal line rewritten in place (at most four times a second): lines
 * checked, then users inserted, each with its rate. Silent when the output is not a terminal, so that logs and
 * pipes get only the result.
 */
final class ImportProgress {

    private static final long EVERY_NANOS = 250_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private String doing = "";
    private long total;
    private long started;
    private long shown;

    ImportProgress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Starts a phase: {@code doing} is its verb ("checked"); {@code total} 0 when unknown. */
    void phase(String doing, long total) {
        this.doing = doing;
        this.total = total;
        this.started = System.nanoTime();
        this.shown = started;
    }

    void update(long done) {
        long now = System.nanoTime();
        if (terminal && now - shown >= EVERY_NANOS) {
            shown = now;
            out.print('\r' + line(done, now) + "   ");
            out.flush();
        }
    }

    /** Ends the phase's line; answers the phase's rate per second. */
    double end(long done) {
        long now = System.nanoTime();
        if (terminal) {
            out.println('\r' + line(done, now) + "   ");
            out.flush();
        }
        return rate(done, now);
    }

    private String line(long done, long now) {
        String of = total > 0 ? String.format(Locale.ROOT, " of %,d", total) : "";
        return String.format(Locale.ROOT, "%s %,d%s (%,.0f/s)", doing, done, of, rate(done, now));
    }

    private double rate(long done, long now) {
        return done * 1e9 / Math.max(1, now - started);
    }
}
