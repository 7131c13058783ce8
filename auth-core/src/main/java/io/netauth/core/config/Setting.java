package io.netauth.core.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One setting, declared once: its key, its default, the values it accepts and what it means. Everything else
 * is derived from the declaration: the builders' defaults and checks, the runner's flags, variables and file
 * keys, {@code --help}, the README's table, and the error that names the key a person got wrong.
 *
 * <p>The key {@code token-ttl} is the file key {@code token-ttl}, the flag {@code --token-ttl} and the variable
 * {@code AUTH_TOKEN_TTL}. Immutable and thread-safe.
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {

    private final String key;
    private final String defaultText;
    private final T defaultValue;
    private final Function<String, T> parser;
    private final Predicate<? super T> accepts;
    private final Function<? super T, String> formatter;
    private final String expected;
    private final String description;

    private Setting(String key, String defaultText, Function<String, T> parser, Predicate<? super T> accepts,
            Function<? super T, String> formatter, String expected, String description) {
        if (!key.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("key: '" + key + "' (expected: lower-case words joined by '-')");
        }
        this.key = key;
        this.parser = parser;
        this.accepts = accepts;
        this.formatter = formatter;
        this.expected = expected;
        this.description = description;
        this.defaultText = defaultText;
        this.defaultValue = parse(defaultText); // a default out of its own range fails at class load
    }

    /** A whole number from {@code min} to {@code max}. */
    public static Setting<Integer> integer(String key, int defaultValue, int min, int max, String description) {
        return new Setting<>(key, Integer.toString(defaultValue), Integer::valueOf, v -> v >= min && v <= max,
                String::valueOf, "a whole number from " + min + " to " + max, description);
    }

    /** A duration from {@code min} to {@code max}, written as {@link Durations} reads it. */
    public static Setting<Duration> duration(String key, String defaultValue, Duration min, Duration max,
            String description) {
        return new Setting<>(key, defaultValue, Durations::parse,
                v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0, Durations::format,
                Durations.format(min) + " to " + Durations.format(max), description);
    }

    /** {@code true} or {@code false}. */
    public static Setting<Boolean> flag(String key, boolean defaultValue, String description) {
        return new Setting<>(key, Boolean.toString(defaultValue), text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(text);
        }, v -> true, String::valueOf, "true or false", description);
    }

    /** Any text, which may be empty; surrounding white space is dropped. */
    public static Setting<String> text(String key, String defaultValue, String description) {
        return new Setting<>(key, defaultValue, text -> text, v -> true, v -> v, "text", description);
    }

    /** Text that matches {@code pattern}, described to people as {@code expected}. */
    public static Setting<String> text(String key, String defaultValue, String pattern, String expected,
            String description) {
        return new Setting<>(key, defaultValue, text -> text, v -> v.matches(pattern), v -> v, expected,
                description);
    }

    /** One of a few words, matched without regard to case and answered in the declared spelling. */
    public static Setting<String> oneOf(String key, String defaultValue, List<String> choices, String description) {
        List<String> allowed = List.copyOf(choices);
        return new Setting<>(key, defaultValue, text -> allowed.stream().filter(c -> c.equalsIgnoreCase(text))
                .findFirst().orElseThrow(), allowed::contains, v -> v, String.join(" or ", allowed), description);
    }

    /**
     * A comma-separated list (empty by default); each item is trimmed and must pass {@code item}, which
     * throws an {@link IllegalArgumentException} for one it refuses.
     */
    public static Setting<List<String>> list(String key, Function<String, String> item, String expected,
            String description) {
        return new Setting<>(key, "", text -> text.isEmpty() ? List.of() : Arrays.stream(text.split(","))
                .map(String::trim).filter(v -> !v.isEmpty()).map(item).toList(),
                v -> v.stream().allMatch(i -> accepted(item, i)), v -> String.join(",", v), expected, description);
    }

    /** A value of any type: {@code parser} reads the text and throws for text it refuses. */
    public static <T> Setting<T> of(String key, String defaultValue, Function<String, T> parser,
            Function<? super T, String> formatter, String expected, String description) {
        // A value given in code is accepted when its written form reads back: one rule for text and code.
        return new Setting<>(key, defaultValue, parser, v -> readsBack(parser, formatter, v), formatter, expected,
                description);
    }

    private static <T> boolean readsBack(Function<String, T> parser, Function<? super T, String> formatter, T value) {
        try {
            return value.equals(parser.apply(formatter.apply(value)));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean accepted(Function<String, String> item, String value) {
        try {
            item.apply(value);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The file key, such as {@code token-ttl}. */
    public String key() {
        return key;
    }

    /** The flag, such as {@code --token-ttl}. */
    public String flag() {
        return "--" + key;
    }

    /** The environment variable, such as {@code AUTH_TOKEN_TTL}. */
    public String variable() {
        return "AUTH_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** The default as a person writes it in a file, such as {@code 15m}; empty for none. */
    public String defaultText() {
        return defaultText;
    }

    /** What the setting accepts, for people, such as {@code 1s to 24h}. */
    public String expected() {
        return expected;
    }

    public String description() {
        return description;
    }

    /**
     * Reads a value as written in a file, a variable or a flag.
     *
     * @throws InvalidSettingException naming this key, for text that does not parse or is out of range
     */
    public T parse(String text) {
        String trimmed = Objects.requireNonNull(text, key).trim();
        T value;
        try {
            value = parser.apply(trimmed);
        } catch (RuntimeException e) {
            throw new InvalidSettingException(this, text);
        }
        if (value == null || !accepts.test(value)) {
            throw new InvalidSettingException(this, text);
        }
        return value;
    }

    /**
     * Checks a value given in code, as a builder's setter does.
     *
     * @return the value
     * @throws InvalidSettingException naming this key, for a value out of range
     */
    public T check(T value) {
        if (value == null) {
            throw new InvalidSettingException(this, "null");
        }
        if (!accepts.test(value)) {
            throw new InvalidSettingException(this, formatter.apply(value));
        }
        return value;
    }

    /** The value as a person would write it in a file. */
    public String format(T value) {
        return formatter.apply(value);
    }

    @Override
    public String toString() {
        return key;
    }
}
