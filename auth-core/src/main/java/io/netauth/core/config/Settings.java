package io.netauth.core.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Values for any {@link Setting}s: each one set, checked by its declaration, or else its default. The builders
 * of the library ({@code JwtTokens}, {@code AuthServerConfig}, the password hasher, the JDBC settings) each read
 * the settings they use from one of these, so one object can configure them all. Immutable and thread-safe.
 */
public final class Settings {

    private static final Settings DEFAULTS = new Settings(Map.of());

    private final Map<Setting<?>, Object> values;

    private Settings(Map<Setting<?>, Object> values) {
        this.values = values;
    }

    /** Every setting at its default. */
    public static Settings defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder(Map.of());
    }

    /** The value set for {@code setting}, or its default. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        Object value = values.get(setting);
        return value == null ? setting.defaultValue() : (T) value;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Settings[");
        values.keySet().stream().map(Setting::key).sorted().forEach(k -> out.append(k).append(' '));
        return out.append(']').toString(); // keys only: a value may be a password
    }

    /** Collects values; not thread-safe. Each value is checked when it is set. */
    public static final class Builder {
        private final Map<Setting<?>, Object> values;

        private Builder(Map<Setting<?>, Object> start) {
            this.values = new HashMap<>(start);
        }

        /**
         * Sets a value.
         *
         * @throws InvalidSettingException naming the key, for a value the declaration refuses
         */
        public <T> Builder set(Setting<T> setting, T value) {
            values.put(Objects.requireNonNull(setting, "setting"), setting.check(value));
            return this;
        }

        /**
         * Sets a value written as text, as in a properties file.
         *
         * @throws InvalidSettingException naming the key, for text the declaration refuses
         */
        public Builder parse(Setting<?> setting, String text) {
            values.put(Objects.requireNonNull(setting, "setting"), setting.parse(text));
            return this;
        }

        /** Takes every value set in {@code other}, replacing any set here. */
        public Builder setAll(Settings other) {
            values.putAll(other.values);
            return this;
        }

        public Settings build() {
            return new Settings(Map.copyOf(values));
        }
    }
}
