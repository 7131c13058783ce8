package io.netauth.core.config;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as people write them: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 7d}, or
 * ISO-8601 such as {@code PT15M}. Stateless.
 */
final class Durations {

    private Durations() {
    }

    /**
     * Reads a duration.
     *
     * @throws IllegalArgumentException for text that is not one
     */
    static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.length() < 2) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        long amount = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unknown unit in " + text);
        };
    }

    /** The shortest exact form {@link #parse} reads back: {@code 15m}, {@code 1500ms}, {@code 7d}. */
    static String format(Duration duration) {
        if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
            return duration.toString();
        }
        long millis = duration.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis != 0 && millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return millis == 0 ? "0s" : millis + "ms";
    }
}
